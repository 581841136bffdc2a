import { DAP_ROLES, ENTRA_ROLE_NAMES } from '../domain/directoryRoles.js';
import type { Partner } from '../domain/model.js';
import { PARTNER_TYPE_LABELS, PARTNER_TYPES } from '../domain/partnerTypes.js';
import { type Banner, NAV } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

/** Partner staff: invite a customer, choosing partner types and, for delegated administration, the roles asked. */
export function inviteCustomerCard(partner: Partner, options: { customerTenantId?: string; banner?: Banner } = {}): AdaptiveCard {
  const offered = partner.typesOffered.length > 0 ? partner.typesOffered : PARTNER_TYPES;
  return expandCard('inviteCustomerCard', {
    partnerName: partner.name,
    partnerId: partner.id,
    customerTenantId: options.customerTenantId ?? '',
    typeChoices: PARTNER_TYPES.filter((t) => offered.includes(t)).map((value) => ({ title: PARTNER_TYPE_LABELS[value], value })),
    roleChoices: ENTRA_ROLE_NAMES.map((name) => ({ title: name, value: name })),
    defaultRoles: partner.typesOffered.some((t) => t === 'delegatedAdministrator' || t === 'resellerAndDelegatedAdministrator') ? DAP_ROLES.join(',') : '',
    nav: [NAV.myCustomers],
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
