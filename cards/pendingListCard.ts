import type { InvitationView } from '../domain/views.js';
import { type Banner, day, NAV, optional } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { rolesText, typesText } from './describe.js';
import { pageOf } from './paging.js';

/** The pending invitations, a page at a time, each opening its own Accept agreement & authorize partner card. */
export function pendingListCard(views: readonly InvitationView[], banner?: Banner, page?: number): AdaptiveCard {
  const shown = pageOf(views, page, 'showPending');
  return expandCard('pendingListCard', {
    subtitle: views.length === 1 ? '1 invitation waiting · select it to review' : `${views.length} invitations waiting · select one to review`,
    invitations: shown.items.map(({ invitation, partner }) => ({
      invitationId: invitation.id,
      partnerName: partner?.name ?? invitation.partnerId,
      typesText: typesText(invitation.types),
      rolesText: rolesText(invitation.roles),
      createdAt: day(invitation.createdAt),
    })),
    ...optional('pager', shown.pager),
    nav: [NAV.partners, NAV.history],
    ...(banner ? { banner } : {}),
  });
}
