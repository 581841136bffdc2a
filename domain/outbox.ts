import { recordAudit, SYSTEM_ACTOR } from './changeLog.js';
import type { DomainDeps } from './deps.js';
import { WRITER_ROLES } from './directoryRoles.js';
import type { ConversationRecord, Notification, TenantState } from './model.js';
import { editable } from './editable.js';
import { ownEntry } from './recordKeys.js';

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { firstDelayMs: 2_000, maxDelayMs: 15 * 60_000 };

/** Where a notification goes right now, or why it must wait. */
export type Targets =
  | { kind: 'send'; tenantId: string; conversations: ConversationRecord[] }
  | { kind: 'wait'; reason: string }
  | { kind: 'undeliverable'; reason: string };

export function dueNotifications(state: TenantState, now: Date): Notification[] {
  return state.outbox.filter((n) => Date.parse(n.nextAttemptAt) <= now.getTime());
}

/**
 * Resolves a notification to conversations. A partner is reached only in the channel it registered in its own
 * tenant; a customer only through personal chats with its own Global or Billing admins. Nothing else qualifies, so
 * a notification cannot reach another tenant's conversation.
 */
export async function resolveTargets(deps: DomainDeps, notification: Notification): Promise<Targets> {
  const audience = notification.audience;
  if (audience.kind === 'partner') {
    const partner = deps.directory.byId(audience.partnerId);
    if (!partner) return { kind: 'undeliverable', reason: `partner ${audience.partnerId} is no longer listed` };
    const state = await deps.store.read(partner.tenantId);
    const registration = state && ownEntry(state.partnerChannels, partner.id);
    const conversation = registration && ownEntry(state.conversations, registration.conversationId);
    if (!conversation) return { kind: 'wait', reason: `${partner.name} has not registered a notification channel` };
    // A registered channel that is not in the partner's tenant is never used; the note waits for a usable one rather
    // than being "sent" to no conversation at all (and so lost).
    if (!belongsTo(conversation, partner.tenantId)) return { kind: 'wait', reason: `${partner.name}'s registered channel is not in its own tenant` };
    return { kind: 'send', tenantId: partner.tenantId, conversations: [conversation] };
  }
  if (audience.tenantId !== notification.customerTenantId) return { kind: 'undeliverable', reason: 'audience is not the notifying tenant' };
  const state = await deps.store.read(audience.tenantId);
  const admins: ConversationRecord[] = [];
  for (const conversation of Object.values(state?.conversations ?? {})) {
    if (conversation.kind !== 'personal' || !conversation.userObjectId || !belongsTo(conversation, audience.tenantId)) continue;
    const lookup = await deps.roles.lookup(audience.tenantId, conversation.userObjectId);
    if (!lookup.ok) return { kind: 'wait', reason: `roles could not be checked: ${lookup.reason}` };
    if (lookup.user.roles.some((role) => WRITER_ROLES.includes(role as (typeof WRITER_ROLES)[number]))) admins.push(conversation);
  }
  return { kind: 'send', tenantId: audience.tenantId, conversations: admins };
}

/** A conversation reference that names a tenant must name this one. */
function belongsTo(conversation: ConversationRecord, tenantId: string): boolean {
  const inner = conversation.reference['conversation'] as { tenantId?: unknown } | undefined;
  return inner?.tenantId === undefined || String(inner.tenantId).toLowerCase() === tenantId.toLowerCase();
}

export type DeliveryOutcome =
  | { kind: 'delivered'; conversationIds: string[] }
  | { kind: 'retry'; conversationIds: string[]; error: string; retryAfterMs?: number | undefined }
  | { kind: 'undeliverable'; reason: string };

export function backoffDelay(attempts: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

/**
 * Records what happened to one delivery attempt: delivered notifications leave the outbox; failed ones are retried
 * with exponential backoff, remembering which conversations already got them.
 */
export function settleNotification(deps: DomainDeps, tenantId: string, notificationId: string, outcome: DeliveryOutcome, policy = DEFAULT_RETRY_POLICY): Promise<void> {
  return deps.store.transact(tenantId, (draft) => {
    const found = draft.outbox.find((n) => n.id === notificationId);
    if (!found) return { commit: false, value: undefined };
    if (outcome.kind === 'delivered') {
      draft.outbox = draft.outbox.filter((n) => n.id !== notificationId);
    } else if (outcome.kind === 'undeliverable') {
      draft.outbox = draft.outbox.filter((n) => n.id !== notificationId);
      recordAudit(draft, deps, { actor: SYSTEM_ACTOR, action: 'notification.undeliverable', partnerId: found.partnerId, subject: found.event, before: found, after: outcome.reason });
    } else {
      const notification = editable(draft.outbox, found);
      notification.attempts += 1;
      notification.lastError = outcome.error.slice(0, 500);
      notification.deliveredTo = [...new Set([...(notification.deliveredTo ?? []), ...outcome.conversationIds])];
      const delay = backoffDelay(notification.attempts, policy, outcome.retryAfterMs);
      notification.nextAttemptAt = new Date(deps.clock.now().getTime() + delay).toISOString();
    }
    return { commit: true, value: undefined };
  });
}
