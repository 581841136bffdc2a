import type { RelationshipView } from '../domain/views.js';
import { type Banner, NAV } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { agreementText, rolesText, typesText } from './describe.js';

/** The list of partners the organization works with; each row opens the partner's details. */
export function partnersCard(views: readonly RelationshipView[], options: { banner?: Banner; canWrite: boolean }): AdaptiveCard {
  return expandCard('partnersCard', {
    subtitle: views.length === 1 ? '1 partner · select one for details' : `${views.length} partners · select one for details`,
    partners: views.map(({ relationship, partner }) => ({
      partnerId: relationship.partnerId,
      name: partner?.name ?? relationship.partnerId,
      typesText: typesText(relationship.types),
      rolesText: rolesText(relationship.roles),
      agreementText: agreementText(relationship),
    })),
    nav: options.canWrite ? [NAV.pending, NAV.find, NAV.history] : [NAV.pending, NAV.history],
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
