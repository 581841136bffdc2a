import type { Partner } from '../domain/model.js';
import type { Banner } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

/**
 * Describe your business needs, then Send. The request id is fixed when the form is made, so sending the same form
 * twice is recognised as one request.
 */
export function contactFormCard(partners: readonly Partner[], options: { requestId: string; contactEmail: string; businessNeeds?: string; banner?: Banner }): AdaptiveCard {
  return expandCard('contactFormCard', {
    partnerNames: partners.map((p) => p.name).join(', '),
    partnerIds: partners.map((p) => p.id),
    requestId: options.requestId,
    contactEmail: options.contactEmail,
    businessNeeds: options.businessNeeds ?? '',
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
