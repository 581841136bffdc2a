import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to attach or return from an invoke. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[]; [key: string]: unknown };

export const TEMPLATE_NAMES = [
  'welcomeCard', 'messageCard', 'invitationCard', 'partnersCard', 'partnerDetailsCard', 'removeRolesCard', 'endRequestCard',
  'findPartnerCard', 'searchResultsCard', 'contactFormCard', 'auditTrailCard', 'registerChannelCard', 'inviteCustomerCard',
  'partnerCustomersCard', 'endRelationshipCard', 'notificationCard', 'pendingListCard',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const templates = new Map<TemplateName, Template>();

export function templatePath(name: TemplateName): URL {
  return new URL(`./templates/${name}.json`, import.meta.url);
}

/** The template, read and parsed once per process. */
function template(name: TemplateName): Template {
  let loaded = templates.get(name);
  if (!loaded) {
    loaded = new Template(JSON.parse(readFileSync(templatePath(name), 'utf-8')));
    templates.set(name, loaded);
  }
  return loaded;
}

/** Fills a template from cards/templates with data. Every field the template binds must be defined in `data`. */
export function expandCard(name: TemplateName, data: object): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}
