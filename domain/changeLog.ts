import type { DomainDeps } from './deps.js';
import type { AuditEvent, NotificationAudience, TenantState } from './model.js';
import { invitationSnapshot } from './invitationLifecycle.js';
import { editable } from './editable.js';

/** The names of every change the audit trail records. */
export type AuditAction =
  | 'invitation.created'
  | 'invitation.accepted'
  | 'invitation.cancelled'
  | 'invitation.withdrawn'
  | 'invitation.expired'
  | 'agreement.accepted'
  | 'roles.removed'
  | 'relationship.endRequested'
  | 'relationship.ended'
  | 'partners.contacted'
  | 'mpsa.visibilityChanged'
  | 'channel.registered'
  | 'channel.retired'
  | 'notification.undeliverable';

/** The kinds of notification a change can send. */
export type NotificationEvent =
  | 'invitationReceived'
  | 'invitationAccepted'
  | 'invitationCancelled'
  | 'invitationWithdrawn'
  | 'invitationExpired'
  | 'agreementAccepted'
  | 'rolesRemoved'
  | 'endRequested'
  | 'relationshipEnded'
  | 'contactRequest';

export const SYSTEM_ACTOR = { objectId: 'system', tenantId: 'system', displayName: 'Partner Desk' } as const;

interface AuditInput {
  actor: { objectId: string; tenantId: string; displayName: string };
  action: AuditAction;
  partnerId?: string;
  subject?: string;
  before: unknown;
  after: unknown;
}

/** Appends an audit event to the draft, so it is written in the same store write as the change it describes. */
export function recordAudit(draft: TenantState, deps: DomainDeps, input: AuditInput): AuditEvent {
  const event: AuditEvent = {
    id: deps.ids.newId(),
    at: deps.clock.now().toISOString(),
    tenantId: draft.tenant.id,
    ...(input.partnerId ? { partnerId: input.partnerId } : {}),
    action: input.action,
    actor: { objectId: input.actor.objectId, tenantId: input.actor.tenantId, displayName: input.actor.displayName },
    ...(input.subject ? { subject: input.subject } : {}),
    before: input.before,
    after: input.after,
  };
  draft.audit.push(event);
  return event;
}

interface NotificationInput {
  audience: NotificationAudience;
  event: NotificationEvent;
  partnerId: string;
  data: Record<string, unknown>;
}

/** Puts a notification in the draft's outbox: it is sent after the write lands and retried until delivered. */
export function enqueueNotification(draft: TenantState, deps: DomainDeps, input: NotificationInput): void {
  const now = deps.clock.now().toISOString();
  draft.outbox.push({
    id: deps.ids.newId(),
    createdAt: now,
    audience: input.audience,
    event: input.event,
    customerTenantId: draft.tenant.id,
    partnerId: input.partnerId,
    data: input.data,
    attempts: 0,
    nextAttemptAt: now,
  });
}

/**
 * Saves the expiry of every pending invitation past its date, with its audit event and a note to the partner.
 * Runs at the start of each change to a tenant, so the stored status catches up with the effective one.
 */
export function expireDueInvitations(draft: TenantState, deps: DomainDeps): void {
  const now = deps.clock.now();
  for (const due of draft.invitations) {
    if (due.status !== 'pending' || Date.parse(due.expiresAt) > now.getTime()) continue;
    const before = invitationSnapshot(due);
    const invitation = editable(draft.invitations, due);
    invitation.status = 'expired';
    invitation.resolvedAt = invitation.expiresAt;
    invitation.version += 1;
    recordAudit(draft, deps, {
      actor: SYSTEM_ACTOR, action: 'invitation.expired', partnerId: invitation.partnerId, subject: invitation.id,
      before, after: invitationSnapshot(invitation),
    });
    enqueueNotification(draft, deps, {
      audience: { kind: 'partner', partnerId: invitation.partnerId }, event: 'invitationExpired', partnerId: invitation.partnerId,
      data: { invitationId: invitation.id, customerName: draft.tenant.displayName, expiredAt: invitation.expiresAt },
    });
  }
}
