import type { Invitation, InvitationStatus, Relationship } from './model.js';

/** An invitation's status as of now: a pending one past its expiry date counts as expired even before it is saved so. */
export function effectiveStatus(invitation: Invitation, now: Date): InvitationStatus {
  if (invitation.status === 'pending' && Date.parse(invitation.expiresAt) <= now.getTime()) return 'expired';
  return invitation.status;
}

export function isPending(invitation: Invitation, now: Date): boolean {
  return effectiveStatus(invitation, now) === 'pending';
}

export function expiryDate(createdAt: Date, lifetimeDays: number): string {
  return new Date(createdAt.getTime() + lifetimeDays * 86_400_000).toISOString();
}

/** What the audit trail keeps of an invitation's state. */
export function invitationSnapshot(invitation: Invitation) {
  return { status: invitation.status, types: invitation.types, roles: invitation.roles, version: invitation.version };
}

/** What the audit trail keeps of a relationship's state. */
export function relationshipSnapshot(relationship: Relationship | undefined) {
  if (!relationship) return null;
  return {
    status: relationship.status,
    types: relationship.types,
    roles: relationship.roles,
    agreementAccepted: relationship.agreement !== undefined,
    mpsaPurchasesVisible: relationship.mpsaPurchasesVisible,
    version: relationship.version,
  };
}
