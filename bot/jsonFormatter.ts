import type { Request, Response } from 'restify';
import restify from 'restify';
import type { AdaptiveCard } from '../cards/cardTemplates.js';

type Formatter = (req: Request, res: Response, body: unknown) => string | Buffer;

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
 * The UTF-8 bytes of card answers, by card. A read keeps answering with the same filled card (frozen, see expandCard)
 * until its data changes, and serializing a 4-5 KB card was most of what a read cost beyond the echo bot's work.
 * Bytes rather than text: a card with "›" in it is a two-byte string, which counting its bytes for Content-Length
 * copied and the socket encoded again, on every answer (35 KB of garbage per accept).
 */
const answers = new WeakMap<AdaptiveCard, Buffer>();

/**
 * The JSON text of a card's body parts, by part. A card answering a change is new, and answered once; but most of its
 * parts are frozen ones it shares with the cards before it (the constant parts of its template, and the rows filled
 * once per stored entry: see compiledTemplate and partnersCard), whose text is then written once.
 */
const partJson = new WeakMap<object, string>();

/** A card's body as `JSON.stringify` writes it, with the text of each frozen part taken from `partJson` (and kept there). */
function bodyJson(parts: readonly unknown[]): string {
  let text = '[';
  for (let index = 0; index < parts.length; index++) {
    const entry = parts[index];
    let json: string | undefined;
    if (entry !== null && typeof entry === 'object' && Object.isFrozen(entry)) {
      json = partJson.get(entry);
      if (json === undefined) partJson.set(entry, (json = JSON.stringify(entry)));
    } else {
      // As in JSON.stringify: an entry with no JSON form (undefined, a function) is written as null.
      json = (JSON.stringify(entry) as string | undefined) ?? 'null';
    }
    text += index === 0 ? json : `,${json}`;
  }
  return `${text}]`;
}

/** What `JSON.stringify(answer)` gives for a card answer, `{ statusCode, type, value }`, with its frozen body parts' text reused. */
function answerJson(card: AdaptiveCard): string {
  const fields: string[] = [];
  for (const key of Object.keys(card)) {
    const value = card[key];
    const json = key === 'body' && Array.isArray(value) ? bodyJson(value) : (JSON.stringify(value) as string | undefined);
    if (json !== undefined) fields.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{"statusCode":200,"type":${JSON.stringify(CARD_TYPE)},"value":{${fields.join(',')}}}`;
}

/**
 * restify's JSON formatter, except that a card answer is the text `JSON.stringify` gives for it, and a frozen card's
 * is made once, as bytes, and kept.
 *
 * A card that can still change (an answer to a write, with its banner) is answered once, so it goes out as text: the
 * socket encodes it into memory it frees when the write is done. As bytes it was an ArrayBuffer per answer whose
 * memory stayed allocated until V8's next major collection (about 8 KB per write, as no answer lived to be reused).
 */
export const jsonFormatter: Formatter = (req, res, body) => {
  const card = answeredCard(body);
  if (!card) return restifyJson(req, res, body);
  if (!Object.isFrozen(card)) {
    const text = answerJson(card);
    res.setHeader('Content-Length', Buffer.byteLength(text, 'utf-8'));
    return text;
  }
  let bytes = answers.get(card);
  if (!bytes) {
    bytes = Buffer.from(answerJson(card), 'utf-8');
    answers.set(card, bytes);
  }
  res.setHeader('Content-Length', bytes.length);
  return bytes;
};
