import { invitationRefusal } from './actionable.js';
import { changeTenant } from './changeTenant.js';
import type { DomainDeps } from './deps.js';
import { invitationSnapshot } from './invitationLifecycle.js';
import type { Invitation, InvitationStatus, Person, TenantState } from './model.js';
import { refuse, type Result } from './result.js';
import { editable } from './editable.js';

export interface InvitationChange {
  draft: TenantState;
  invitation: Invitation;
  now: string;
  /** Settles the invitation (accepted, cancelled or withdrawn by `by`) and returns its state before, for the audit. */
  settle(status: Exclude<InvitationStatus, 'pending' | 'expired'>, by: Person): ReturnType<typeof invitationSnapshot>;
}

/**
 * The frame every change to a pending invitation shares: the invitation exists (for a partner, only its own counts;
 * another partner's is "not found", its existence being none of their business), it is still pending, and the card
 * acting on it shows its current version.
 */
export function changePendingInvitation<T>(
  deps: DomainDeps,
  tenantId: string,
  target: { invitationId: string; expectedVersion?: number | undefined; partnerId?: string },
  work: (change: InvitationChange) => Result<T>,
): Promise<Result<T>> {
  const { invitationId, expectedVersion, partnerId } = target;
  return changeTenant(deps, tenantId, (draft) => {
    const found = draft.invitations.find((i) => i.id === invitationId && (partnerId === undefined || i.partnerId === partnerId));
    const refusal = invitationRefusal(found, invitationId, deps.clock.now(), expectedVersion);
    if (refusal || !found) return refuse(refusal ?? { kind: 'notFound', what: 'invitation', id: invitationId });
    const invitation = editable(draft.invitations, found);
    const now = deps.clock.now().toISOString();
    const settle: InvitationChange['settle'] = (status, by) => {
      const before = invitationSnapshot(invitation);
      invitation.status = status;
      invitation.resolvedAt = now;
      invitation.resolvedBy = by;
      invitation.version += 1;
      return before;
    };
    return work({ draft, invitation, now, settle });
  });
}
