import type { RelationshipView } from '../domain/views.js';
import type { Banner } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

/** The form that asks a partner to end the relationship, with an optional message. */
export function endRequestCard(view: RelationshipView, banner?: Banner): AdaptiveCard {
  return expandCard('endRequestCard', {
    name: view.partner?.name ?? view.relationship.partnerId,
    partnerId: view.relationship.partnerId,
    version: view.relationship.version,
    ...(banner ? { banner } : {}),
  });
}
