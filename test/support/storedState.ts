import type { TenantState } from '../../domain/model.js';

/**
 * What a change to partner relationships would touch in a tenant: everything but the conversations the bot
 * remembers on every turn and the delivery bookkeeping (attempts, next try) the outbox keeps for notifications.
 * Comparing this before and after a refused request shows that nothing was changed.
 */
export function businessState(state: TenantState | undefined) {
  if (!state) return undefined;
  return {
    invitations: state.invitations,
    relationships: state.relationships,
    contactRequests: state.contactRequests,
    partnerChannels: state.partnerChannels,
    audit: state.audit,
    outbox: state.outbox.map((n) => ({ id: n.id, event: n.event, audience: n.audience, partnerId: n.partnerId, data: n.data })),
  };
}
