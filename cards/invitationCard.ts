import type { DomainSettings } from '../domain/deps.js';
import type { InvitationStatus } from '../domain/model.js';
import type { InvitationView } from '../domain/views.js';
import { type Banner, day, NAV, plain, when } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { locationText, rolesText, typesText } from './describe.js';

const STATUS_TEXT: Record<InvitationStatus, string> = {
  pending: 'Waiting for you',
  accepted: 'Accepted',
  cancelled: 'Cancelled',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
};

/**
 * One partner invitation: what the partner asks for and, while it is pending and the viewer may act, the
 * Accept agreement & authorize partner form (agreement link, acknowledgement, Accept & Authorize, Cancel invitation).
 */
export function invitationCard(view: InvitationView, options: { canAct: boolean; settings: DomainSettings; banner?: Banner }): AdaptiveCard {
  const { invitation, partner, status } = view;
  const partnerName = partner?.name ?? invitation.partnerId;
  const settled = invitation.resolvedBy ? ` by ${invitation.resolvedBy.displayName}` : '';
  const statusText = status === 'pending' ? STATUS_TEXT.pending : `${STATUS_TEXT[status]}${settled} · ${when(invitation.resolvedAt ?? invitation.expiresAt)}`;
  const canAct = options.canAct && status === 'pending';
  return expandCard('invitationCard', {
    title: status === 'pending' ? `${partnerName} wants to work with you` : `Invitation from ${partnerName}`,
    partnerName,
    partnerLocation: locationText(partner),
    typesText: typesText(invitation.types),
    rolesText: rolesText(invitation.roles),
    hasRoles: invitation.roles.length > 0 && status === 'pending',
    createdAt: day(invitation.createdAt),
    expiresAt: day(invitation.expiresAt),
    statusText,
    ...(invitation.message ? { message: plain(invitation.message) } : {}),
    canAct,
    agreementUrl: options.settings.agreementUrl,
    agreementVersion: options.settings.agreementVersion,
    invitationId: invitation.id,
    version: invitation.version,
    nav: canAct ? [] : [NAV.pending, NAV.partners],
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
