import type { RelationshipView } from '../domain/views.js';
import { typesWithoutDelegatedAdmin } from '../domain/partnerTypes.js';
import type { Banner } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { rolesText, typesText } from './describe.js';

/** The "Remove roles?" confirmation, saying what goes and what stays. */
export function removeRolesCard(view: RelationshipView, banner?: Banner): AdaptiveCard {
  const { relationship, partner } = view;
  const name = partner?.name ?? relationship.partnerId;
  const remaining = typesWithoutDelegatedAdmin(relationship.types);
  return expandCard('removeRolesCard', {
    name,
    partnerId: relationship.partnerId,
    version: relationship.version,
    rolesText: rolesText(relationship.roles),
    remainsText: remaining.length > 0
      ? `The relationship stays: ${name} remains your ${typesText(remaining)}.`
      : `The relationship stays, without admin roles; ${name} can still be contacted and invite you again.`,
    ...(banner ? { banner } : {}),
  });
}
