import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import { deepFreeze } from '../domain/deepFreeze.js';
import { type CompiledTemplate, compileTemplate } from './compiledTemplate.js';

/** An Adaptive Card as JSON, ready to attach or return from an invoke. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[]; [key: string]: unknown };

export const TEMPLATE_NAMES = [
  'welcomeCard', 'messageCard', 'invitationCard', 'partnersCard', 'partnerDetailsCard', 'removeRolesCard', 'endRequestCard',
  'findPartnerCard', 'searchResultsCard', 'contactFormCard', 'auditTrailCard', 'registerChannelCard', 'inviteCustomerCard',
  'partnerCustomersCard', 'endRelationshipCard', 'notificationCard', 'pendingListCard',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const templates = new Map<TemplateName, CompiledTemplate>();

export function templatePath(name: TemplateName): URL {
  return new URL(`./templates/${name}.json`, import.meta.url);
}

const libraryFill = (library: Template): CompiledTemplate => (root) => library.expand({ $root: root });

/** The template, read and compiled once per process (see compiledTemplate.ts; the library fills what that can't). */
function template(name: TemplateName): CompiledTemplate {
  let loaded = templates.get(name);
  if (!loaded) {
    const payload: unknown = JSON.parse(readFileSync(templatePath(name), 'utf-8'));
    loaded = compileTemplate(payload) ?? libraryFill(new Template(payload));
    templates.set(name, loaded);
  }
  return loaded;
}

/**
 * Recently filled cards, by template and data. Evaluating a template's expressions is the costly part of a read turn
 * (about a tenth of the CPU for a partner's details under load), and reads keep asking for the same card until
 * something changes, which changes the data and so the key. Cards are frozen: callers only serialize them.
 */
const filled = new Map<string, AdaptiveCard>();
const FILLED_MAX = 500;

/** Fills a template from cards/templates with data. Every field the template binds must be defined in `data`. */
export function expandCard(name: TemplateName, data: object): AdaptiveCard {
  // A banner says what a turn just did: such a card is answered once, so keying it would only cost its JSON text.
  if (Object.hasOwn(data, 'banner')) return template(name)(data) as AdaptiveCard;
  const key = `${name}\u0000${JSON.stringify(data)}`;
  const known = filled.get(key);
  if (known) {
    filled.delete(key);
    filled.set(key, known);
    return known;
  }
  const card = deepFreeze(template(name)(data) as AdaptiveCard);
  filled.set(key, card);
  if (filled.size > FILLED_MAX) filled.delete(filled.keys().next().value!);
  return card;
}
