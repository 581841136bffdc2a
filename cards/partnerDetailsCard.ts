import type { DomainSettings } from '../domain/deps.js';
import type { PartnerDetails } from '../domain/operations/getPartnerDetails.js';
import { type Banner, type Fact, NAV, when } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { agreementText, auditChange, auditWhat, locationText, rolesText, typesText } from './describe.js';

/**
 * A partner's page: the relationship (types, roles, agreement, since when), and for admins who may change it,
 * Remove roles, the agreement acceptance, MPSA purchase visibility and the request to end the relationship.
 */
export function partnerDetailsCard(details: PartnerDetails, options: { canWrite: boolean; settings: DomainSettings; banner?: Banner }): AdaptiveCard {
  const { partner, relationship } = details;
  const active = relationship?.status === 'active';
  const facts: Fact[] = [];
  if (relationship) {
    facts.push(
      { title: 'Status', value: active ? 'Active' : `Ended ${when(relationship.endedAt)}${relationship.endedBy ? ` by ${relationship.endedBy.displayName}` : ''}` },
      { title: 'Partner type', value: typesText(relationship.types) },
      { title: 'Admin roles', value: rolesText(relationship.roles) },
      { title: 'Customer Agreement', value: relationship.agreement ? `Accepted by ${relationship.agreement.acceptedBy.displayName} · ${when(relationship.agreement.acceptedAt)} · ${relationship.agreement.agreementVersion}` : agreementText(relationship) },
      { title: 'Working together since', value: relationship.since.slice(0, 10) },
    );
    if (relationship.types.includes('mpsaPartner')) facts.push({ title: 'MPSA purchase visibility', value: relationship.mpsaPurchasesVisible ? 'Allowed' : 'Not allowed' });
    if (relationship.rolesRemovedAt && relationship.roles.length === 0) facts.push({ title: 'Roles removed', value: `${when(relationship.rolesRemovedAt)}${relationship.rolesRemovedBy ? ` by ${relationship.rolesRemovedBy.displayName}` : ''}` });
    if (relationship.endRequestedAt && active) facts.push({ title: 'End requested', value: `${when(relationship.endRequestedAt)} by ${relationship.endRequestedBy?.displayName ?? 'an admin'}` });
  } else {
    facts.push({ title: 'Relationship', value: 'You don’t work with this partner' });
  }
  if (details.pendingInvitations.length > 0) facts.push({ title: 'Pending invitations', value: String(details.pendingInvitations.length) });

  const can = options.canWrite && active && relationship !== undefined;
  return expandCard('partnerDetailsCard', {
    partnerId: partner.id,
    name: partner.name,
    location: locationText(partner),
    ...(partner.description ? { description: partner.description } : {}),
    facts,
    needsAgreement: can && relationship.requiresAgreement && !relationship.agreement,
    showMpsa: can && relationship.types.includes('mpsaPartner'),
    mpsaValue: relationship?.mpsaPurchasesVisible ? 'true' : 'false',
    canRemoveRoles: can && relationship.roles.length > 0,
    canRequestEnd: can && !relationship.endRequestedAt,
    agreementUrl: options.settings.agreementUrl,
    agreementVersion: options.settings.agreementVersion,
    version: relationship?.version ?? 0,
    recentChanges: details.recentChanges.map((event) => ({
      text: `${when(event.at)} · ${event.actor.displayName}: ${auditWhat(event, undefined)}${auditChange(event) ? ` (${auditChange(event)})` : ''}`,
    })),
    nav: [details.pendingInvitations.length > 0 ? NAV.pending : undefined, { ...NAV.partners, title: 'Back to partners' }].filter((b) => b !== undefined),
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
