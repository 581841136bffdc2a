import type { Banner } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

/** Partner staff: confirm ending a relationship with a customer. */
export function endRelationshipCard(input: { partnerName: string; customerName: string; customerTenantId: string; version: number; banner?: Banner }): AdaptiveCard {
  return expandCard('endRelationshipCard', {
    partnerName: input.partnerName,
    customerName: input.customerName,
    customerTenantId: input.customerTenantId,
    version: input.version,
    ...(input.banner ? { banner: input.banner } : {}),
  });
}
