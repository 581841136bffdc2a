import type { Banner } from '../cards/cardParts.js';
import type { AdaptiveCard } from '../cards/cardTemplates.js';
import { welcomeCard } from '../cards/welcomeCard.js';
import { describeAccess } from '../domain/operations/describeAccess.js';
import type { BotServices } from './services.js';
import type { TurnRequest } from './turnRequest.js';

/** The welcome / help card for this person: what they can do here, by role. */
export async function welcomeScreen(services: BotServices, request: TurnRequest, banner?: Banner): Promise<AdaptiveCard> {
  const access = await describeAccess(services.deps, request.actor);
  return welcomeCard({
    // Install events carry ids but often no name; the directory knows it.
    displayName: access.displayName ?? request.actor.displayName,
    roles: access.roles,
    canRead: access.canRead,
    canWrite: access.canWrite,
    partnerNames: access.partnerProfiles.map((p) => p.name),
    inChannel: request.conversationKind === 'channel',
    rolesUnknown: access.roleLookupFailed !== undefined,
    // Partner staff need no directory role for partner work: a failed lookup is only worth a banner for customers.
  }, banner ?? (access.roleLookupFailed && access.partnerProfiles.length === 0 ? { style: 'attention', text: `Your directory roles could not be checked right now (${access.roleLookupFailed}).` } : undefined));
}
