import type { PartnerCustomer } from '../domain/operations/listPartnerCustomers.js';
import type { Partner } from '../domain/model.js';
import { type Banner, day, NAV, optional } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { rolesText, typesText } from './describe.js';
import { pageOf } from './paging.js';

/** Partner staff: their customers, a page at a time, each with the relationship and open invitations, to withdraw or end. */
export function partnerCustomersCard(partner: Partner, customers: readonly PartnerCustomer[], banner?: Banner, page?: number): AdaptiveCard {
  const shown = pageOf(customers, page, 'showMyCustomers', { partnerId: partner.id });
  return expandCard('partnerCustomersCard', {
    partnerName: partner.name,
    subtitle: `${customers.length} ${customers.length === 1 ? 'customer' : 'customers'}`,
    customers: shown.items.map(({ customerTenantId, customerName, relationship, pendingInvitations }) => ({
      name: customerName,
      tenantId: customerTenantId,
      relationshipText: !relationship
        ? 'No relationship yet'
        : relationship.status === 'ended'
          ? `Ended ${day(relationship.endedAt ?? relationship.since)}`
          : `${typesText(relationship.types)} · ${rolesText(relationship.roles)}${relationship.endRequestedAt ? ' · the customer asked you to end this relationship' : ''}`,
      canEnd: relationship?.status === 'active',
      relationshipVersion: relationship?.version ?? 0,
      invitations: pendingInvitations.map((invitation) => ({
        invitationId: invitation.id,
        version: invitation.version,
        typesText: typesText(invitation.types),
        createdAt: day(invitation.createdAt),
        tenantId: customerTenantId,
      })),
    })),
    ...optional('pager', shown.pager),
    nav: [NAV.invite],
    ...(banner ? { banner } : {}),
  });
}
