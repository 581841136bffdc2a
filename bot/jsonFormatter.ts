import type { Request, Response } from 'restify';
import restify from 'restify';
import { type AdaptiveCard, cardJson } from '../cards/cardTemplates.js';

type Formatter = (req: Request, res: Response, body: unknown) => string;

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
/** restify's own JSON formatter, for every body that is not a card answer. */
const restifyJson = restify.formatters['application/json; q=0.4'] as Formatter;

/** The card of an Action.Execute answer, `{ statusCode, type, value }` and nothing else, or undefined. */
function answeredCard(body: unknown): AdaptiveCard | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { statusCode, type, value } = body as { statusCode?: unknown; type?: unknown; value?: unknown };
  if (statusCode !== 200 || type !== CARD_TYPE || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.keys(body).join() === 'statusCode,type,value' ? (value as AdaptiveCard) : undefined;
}

/**
 * restify's JSON formatter, except that a card answer reuses the card's JSON text (see `cardJson`). The text is the
 * one `JSON.stringify` gives for the same body, byte for byte.
 */
export const jsonFormatter: Formatter = (req, res, body) => {
  const card = answeredCard(body);
  if (!card) return restifyJson(req, res, body);
  const text = `{"statusCode":200,"type":"${CARD_TYPE}","value":${cardJson(card)}}`;
  res.setHeader('Content-Length', Buffer.byteLength(text));
  return text;
};
