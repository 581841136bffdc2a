import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import { invitationCard } from '../../cards/invitationCard.js';
import { notificationCard } from '../../cards/notificationCard.js';
import type { DomainDeps } from '../../domain/deps.js';
import type { Notification } from '../../domain/model.js';
import { invitationView, partnerName } from '../../domain/views.js';

/**
 * The card a notification becomes. A new invitation reaches the customer's admins as the invitation card itself,
 * ready to accept; one that is no longer pending when its turn comes is not worth sending (undefined).
 */
export async function notificationMessage(deps: DomainDeps, notification: Notification): Promise<AdaptiveCard | undefined> {
  if (notification.event === 'invitationReceived') {
    const state = await deps.store.read(notification.customerTenantId);
    const invitation = state?.invitations.find((i) => i.id === notification.data['invitationId']);
    if (!invitation) return undefined;
    const view = invitationView(deps, invitation);
    if (view.status !== 'pending') return undefined;
    return invitationCard(view, { canAct: true, settings: deps.settings, banner: { style: 'accent', text: `New partner invitation from ${view.partner?.name ?? invitation.partnerId}` } });
  }
  return notificationCard(notification, partnerName(deps, notification.partnerId));
}
