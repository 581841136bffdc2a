import { invitationCard } from '../cards/invitationCard.js';
import { messageCard } from '../cards/messageCard.js';
import { partnerCustomersCard } from '../cards/partnerCustomersCard.js';
import { partnerDetailsCard } from '../cards/partnerDetailsCard.js';
import { partnersCard } from '../cards/partnersCard.js';
import type { Banner } from '../cards/cardParts.js';
import { NAV } from '../cards/cardParts.js';
import type { AdaptiveCard } from '../cards/cardTemplates.js';
import { describeAccess } from '../domain/operations/describeAccess.js';
import { getInvitation } from '../domain/operations/getInvitation.js';
import { getPartnerDetails } from '../domain/operations/getPartnerDetails.js';
import { listPartnerCustomers } from '../domain/operations/listPartnerCustomers.js';
import { listRelationships } from '../domain/operations/listRelationships.js';
import { describeRefusal, type Refusal } from '../domain/result.js';
import type { BotServices } from './services.js';
import type { TurnRequest } from './turnRequest.js';

/** How a refusal is shown on top of the current state: a warning when it was already done, an alert otherwise. */
export function refusalBanner(refusal: Refusal): Banner {
  const benign = refusal.kind === 'alreadyDone' || refusal.kind === 'notPending' || refusal.kind === 'stale';
  return { style: benign ? 'warning' : 'attention', text: describeRefusal(refusal) };
}

/** A refusal on its own: the banner says nothing changed, the text says why (once). */
export function refusalCard(refusal: Refusal, title = 'Nothing was changed'): AdaptiveCard {
  const banner = refusalBanner(refusal);
  return messageCard({ title, text: describeRefusal(refusal), banner: { ...banner, text: 'Nothing was changed' }, nav: [NAV.help] });
}

/**
 * The current state can't be shown (the caller may not even read it). When a refused change brought us here, its own
 * reason is the one to give: a user without roles who pressed Accept must read that accepting takes a Global or
 * Billing admin, not that reading would also do with Helpdesk admin or Global Reader.
 */
function unreadableCard(readRefusal: Refusal, title: string, banner?: Banner): AdaptiveCard {
  if (!banner || banner.style === 'good') return refusalCard(readRefusal, title);
  return messageCard({ title, text: banner.text, banner: { style: banner.style, text: 'Nothing was changed' }, nav: [NAV.help] });
}

/**
 * How a partner hears about a change, said truthfully: at once in its registered channel, or as soon as it
 * registers one (the notification waits in the outbox until then).
 */
export async function partnerNotice(services: BotServices, partnerId: string): Promise<string> {
  const partner = services.deps.directory.byId(partnerId);
  const registered = partner && (await services.deps.store.read(partner.tenantId))?.partnerChannels[partner.id];
  return registered ? 'They are being notified in their Teams channel.' : 'They will be notified as soon as they register a Teams channel with Partner Desk.';
}

/** The invitation as it is now, with the form only if it is still pending and the viewer may act on it. */
export async function invitationScreen(services: BotServices, request: TurnRequest, invitationId: string, banner?: Banner): Promise<AdaptiveCard> {
  const found = await getInvitation(services.deps, request.actor, invitationId);
  if (!found.ok) return unreadableCard(found.refusal, 'Invitation', banner);
  const access = await describeAccess(services.deps, request.actor);
  return invitationCard(found.value, { canAct: access.canWrite, settings: services.deps.settings, ...(banner ? { banner } : {}) });
}

export async function partnersScreen(services: BotServices, request: TurnRequest, banner?: Banner, page?: number): Promise<AdaptiveCard> {
  const list = await listRelationships(services.deps, request.actor, { includeEnded: true });
  if (!list.ok) return refusalCard(list.refusal, 'Partners');
  const access = await describeAccess(services.deps, request.actor);
  return partnersCard(list.value, { canWrite: access.canWrite, page, ...(banner ? { banner } : {}) });
}

export async function partnerScreen(services: BotServices, request: TurnRequest, partnerId: string, banner?: Banner): Promise<AdaptiveCard> {
  const details = await getPartnerDetails(services.deps, request.actor, partnerId);
  if (!details.ok) return unreadableCard(details.refusal, 'Partner', banner);
  const access = await describeAccess(services.deps, request.actor);
  return partnerDetailsCard(details.value, { canWrite: access.canWrite, settings: services.deps.settings, ...(banner ? { banner } : {}) });
}

export async function partnerCustomersScreen(services: BotServices, request: TurnRequest, banner?: Banner, partnerId?: string, page?: number): Promise<AdaptiveCard> {
  const list = await listPartnerCustomers(services.deps, request.actor, partnerId);
  if (!list.ok) return refusalCard(list.refusal, 'My customers');
  return partnerCustomersCard(list.value.partner, list.value.customers, banner, page);
}
