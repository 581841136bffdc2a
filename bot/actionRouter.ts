import { z } from 'zod4';
import { NAV } from '../cards/cardParts.js';
import type { AdaptiveCard } from '../cards/cardTemplates.js';
import { messageCard } from '../cards/messageCard.js';
import { issueText } from '../domain/input.js';
import type { ActionHandler } from './actions/actionHandler.js';
import * as findPartner from './actions/findPartnerActions.js';
import * as general from './actions/generalActions.js';
import * as invitations from './actions/invitationActions.js';
import * as partner from './actions/partnerActions.js';
import * as relationships from './actions/relationshipActions.js';
import type { BotServices } from './services.js';
import type { TurnRequest } from './turnRequest.js';

const HANDLERS: readonly ActionHandler[] = [
  general.showHelp, general.showHistory,
  invitations.showPending, invitations.showInvitation, invitations.acceptInvitationAction, invitations.cancelInvitationAction,
  relationships.showPartners, relationships.showPartner, relationships.acceptAgreementAction, relationships.confirmRemoveRoles,
  relationships.removeRolesAction, relationships.confirmEndRelationship, relationships.requestEndAction, relationships.setMpsaVisibilityAction,
  findPartner.showFindPartner, findPartner.searchPartnersAction, findPartner.startContact, findPartner.contactPartnersAction,
  partner.showRegisterChannel, partner.registerChannelAction, partner.showInviteForm, partner.createInvitationAction,
  partner.showMyCustomers, partner.withdrawInvitationAction, partner.confirmEndAsPartner, partner.endRelationshipAction,
];

const BY_VERB = new Map(HANDLERS.map((handler) => [handler.verb, handler]));
export const VERBS: readonly string[] = [...BY_VERB.keys()];

const InvokeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

function problemCard(title: string, text: string): AdaptiveCard {
  return messageCard({ title, text, banner: { style: 'attention', text: 'Nothing was changed' }, nav: [NAV.help] });
}

/**
 * Maps an Action.Execute invoke to its verb's handler. Whatever arrives, the answer is a card: an unknown verb,
 * data that doesn't fit the verb, or a failure inside a handler each get a card saying what happened.
 */
export async function routeAction(services: BotServices, request: TurnRequest, invokeValue: unknown): Promise<AdaptiveCard> {
  const parsed = InvokeValue.safeParse(invokeValue);
  if (!parsed.success) return problemCard('Unsupported action', 'This card sent an action Partner Desk does not understand.');
  const { verb, data } = parsed.data.action;
  const handler = BY_VERB.get(verb);
  if (!handler) return problemCard('Unknown action', `Partner Desk has no action "${verb.slice(0, 60)}". The card may be from an older version; type **help** for a fresh one.`);
  const input = handler.data.safeParse(data ?? {});
  if (!input.success) {
    const issues = input.error.issues.slice(0, 5).map((i) => issueText(i, [], 'data')).join('; ');
    return problemCard('This card sent data Partner Desk cannot use', issues);
  }
  try {
    return await handler.handle(services, request, input.data);
  } catch (error) {
    services.log.error({ err: error, verb, tenantId: request.actor.tenantId }, 'action failed');
    return problemCard('Something went wrong on our side', 'Partner Desk could not finish this action, and nothing was changed that was not saved completely. Try again in a minute; if it keeps happening, tell your Partner Desk operator.');
  }
}
