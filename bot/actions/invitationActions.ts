import { z } from 'zod4';
import { pendingListCard } from '../../cards/pendingListCard.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { cancelInvitation } from '../../domain/operations/cancelInvitation.js';
import { listPendingInvitations } from '../../domain/operations/listPendingInvitations.js';
import { invitationScreen, partnerNotice, partnersScreen, refusalBanner, refusalCard } from '../screens.js';
import { action, cardData, expectedVersion } from './actionHandler.js';

export const showPending = action('showPending', z.object({ page: cardData.page }).loose(), async (services, request, data) => {
  const pending = await listPendingInvitations(services.deps, request.actor);
  return pending.ok ? pendingListCard(pending.value, undefined, data.page) : refusalCard(pending.refusal, 'Pending invitations');
});

export const showInvitation = action('showInvitation', z.object({ invitationId: cardData.id }), (services, request, data) =>
  invitationScreen(services, request, data.invitationId));

const AcceptData = z.object({ invitationId: cardData.id, version: cardData.version, agreementAcknowledged: cardData.toggle.optional() });

/** Accept & Authorize: on success the card becomes the list of partners, as the admin center shows it. */
export const acceptInvitationAction = action('acceptInvitation', AcceptData, async (services, request, data) => {
  const result = await acceptInvitation(services.deps, request.actor, {
    invitationId: data.invitationId,
    ...expectedVersion(data.version),
    agreementAcknowledged: data.agreementAcknowledged ?? false,
  });
  if (!result.ok) return invitationScreen(services, request, data.invitationId, refusalBanner(result.refusal));
  services.notifyChanged();
  const { relationship, partner } = result.value.relationship;
  const roles = relationship.roles.length ? ` with ${relationship.roles.join(' and ')}` : '';
  return partnersScreen(services, request, { style: 'good', text: `${partner?.name ?? relationship.partnerId} is now authorized${roles}. ${await partnerNotice(services, relationship.partnerId)}` });
});

export const cancelInvitationAction = action('cancelInvitation', z.object({ invitationId: cardData.id, version: cardData.version }), async (services, request, data) => {
  const result = await cancelInvitation(services.deps, request.actor, {
    invitationId: data.invitationId,
    ...expectedVersion(data.version),
  });
  if (!result.ok) return invitationScreen(services, request, data.invitationId, refusalBanner(result.refusal));
  services.notifyChanged();
  const partnerId = result.value.invitation.partnerId;
  return invitationScreen(services, request, data.invitationId, { style: 'good', text: `Invitation cancelled: no roles were granted to ${result.value.partner?.name ?? partnerId}. ${await partnerNotice(services, partnerId)}` });
});
