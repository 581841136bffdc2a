import { forgetConversation } from '../../domain/conversations.js';
import type { DomainDeps } from '../../domain/deps.js';
import type { Notification } from '../../domain/model.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type DeliveryOutcome, dueNotifications, resolveTargets, type RetryPolicy, settleNotification } from '../../domain/outbox.js';
import type { Logger } from '../logger.js';
import type { ChannelSender } from './channelSender.js';
import { notificationMessage } from './notificationMessage.js';

export interface DispatchStats {
  delivered: number;
  retrying: number;
  waiting: number;
}

/**
 * Delivers the outbox: every notification a change queued, retried with backoff until its conversations have it.
 * It runs on a timer and whenever a change asks; only one pass runs at a time, and a request during a pass
 * triggers another pass right after, so nothing queued is left for the timer alone.
 */
export class OutboxDispatcher {
  #timer: NodeJS.Timeout | undefined;
  #batchTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  readonly #urgentPartners = new Set<string>();
  /** Notifications whose next look is later than their stored retry time, by id (see #alreadyRecordedWait). */
  readonly #deferred = new Map<string, number>();

  constructor(
    private readonly deps: DomainDeps,
    private readonly sender: ChannelSender,
    private readonly log: Logger,
    private readonly options: { intervalMs: number; policy?: RetryPolicy; batchDelayMs?: number },
  ) {}

  start(): void {
    this.#timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.#timer.unref();
    this.kick();
  }

  /**
   * A change queued a notification: send it within `batchDelayMs`, together with whatever else is queued by then. The
   * pass runs on the same thread as the turns, so batching keeps most turns from waiting behind a delivery.
   */
  soon(partnerId?: string): void {
    if (this.#stopped) return;
    if (partnerId) this.#urgentPartners.add(partnerId);
    const delay = this.options.batchDelayMs ?? 0;
    if (delay === 0) return this.kick();
    if (this.#batchTimer) return;
    this.#batchTimer = setTimeout(() => {
      this.#batchTimer = undefined;
      this.kick();
    }, delay);
    this.#batchTimer.unref();
  }

  /** Run a pass now. With a partner id, that partner's waiting notifications go now even if their retry is later. */
  kick(partnerId?: string): void {
    if (this.#stopped) return;
    if (partnerId) this.#urgentPartners.add(partnerId);
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => { this.#running = undefined; });
  }

  /** Resolves once no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#batchTimer);
    await this.idle();
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.runOnce();
      } catch (error) {
        this.log.error({ err: error }, 'outbox pass failed');
      }
    } while (this.#again && !this.#stopped);
  }

  async runOnce(): Promise<DispatchStats> {
    const stats: DispatchStats = { delivered: 0, retrying: 0, waiting: 0 };
    const urgent = new Set(this.#urgentPartners);
    this.#urgentPartners.clear();
    for (const tenantId of await this.deps.store.tenantsWithPendingNotifications()) {
      if (this.#stopped) break;
      let state;
      try {
        state = await this.deps.store.read(tenantId);
      } catch (error) {
        this.log.error({ err: error, tenantId }, 'outbox: tenant store unreadable; its notifications wait');
        continue;
      }
      if (!state) continue;
      const now = this.deps.clock.now();
      const due = dueNotifications(state, now);
      const forced = state.outbox.filter((n) => urgent.has(n.partnerId) && !due.includes(n));
      for (const notification of [...due, ...forced]) {
        if (this.#stopped) break;
        if (!urgent.has(notification.partnerId) && (this.#deferred.get(notification.id) ?? 0) > now.getTime()) continue;
        const outcome = await this.#deliver(notification);
        if (outcome.kind === 'retry' && outcome.error.startsWith('waiting:')) stats.waiting += 1;
        else if (outcome.kind === 'retry') stats.retrying += 1;
        else stats.delivered += 1;
        if (this.#alreadyRecordedWait(notification, outcome, now)) continue;
        this.#deferred.delete(notification.id);
        await settleNotification(this.deps, tenantId, notification.id, outcome, this.options.policy ?? DEFAULT_RETRY_POLICY);
      }
    }
    return stats;
  }

  /**
   * A notification still waiting for the same reason (a partner that has no channel yet) needs no new store write on
   * every pass: the stored reason stands, and the next look is scheduled in memory with the same backoff. A
   * registration kicks that partner's notifications at once; a restart looks at each of them once more.
   */
  #alreadyRecordedWait(notification: Notification, outcome: DeliveryOutcome, now: Date): boolean {
    if (outcome.kind !== 'retry' || !outcome.error.startsWith('waiting:') || notification.lastError !== outcome.error) return false;
    const policy = this.options.policy ?? DEFAULT_RETRY_POLICY;
    this.#deferred.set(notification.id, now.getTime() + backoffDelay(notification.attempts + 1, policy));
    return true;
  }

  async #deliver(notification: Notification): Promise<DeliveryOutcome> {
    // Made only when something is logged: a pino child (with its redaction) per notification was most of what a
    // delivery allocated beyond the card and the HTTP call.
    let made: Logger | undefined;
    const log = () => (made ??= this.log.child({ notificationId: notification.id, event: notification.event, tenantId: notification.customerTenantId, partnerId: notification.partnerId }));
    const targets = await resolveTargets(this.deps, notification);
    if (targets.kind === 'undeliverable') {
      log().warn({ reason: targets.reason }, 'notification undeliverable');
      return { kind: 'undeliverable', reason: targets.reason };
    }
    if (targets.kind === 'wait') return { kind: 'retry', conversationIds: [], error: `waiting: ${targets.reason}` };
    const card = await notificationMessage(this.deps, notification);
    if (!card) return { kind: 'delivered', conversationIds: [] };

    const done = new Set(notification.deliveredTo ?? []);
    const reached: string[] = [];
    let failure: { error: string; retryAfterMs?: number | undefined } | undefined;
    for (const conversation of targets.conversations) {
      if (done.has(conversation.conversationId)) continue;
      const sent = await this.sender.send(conversation.reference, card);
      if (sent.kind === 'sent') {
        reached.push(conversation.conversationId);
      } else if (sent.kind === 'gone') {
        log().info({ conversationId: conversation.conversationId, status: sent.status }, 'bot no longer in conversation; reference retired');
        await forgetConversation(this.deps, targets.tenantId, conversation.conversationId);
        // A partner whose only channel is gone must register a new one: the notification waits for it.
        if (notification.audience.kind === 'partner') failure ??= { error: 'waiting: the registered channel no longer has the bot' };
      } else {
        log().warn({ conversationId: conversation.conversationId, error: sent.error }, 'notification send failed; will retry');
        failure ??= { error: sent.error, retryAfterMs: sent.retryAfterMs };
      }
    }
    if (failure) return { kind: 'retry', conversationIds: reached, ...failure };
    if (reached.length > 0 && this.log.isLevelEnabled('info')) log().info({ conversations: reached.length }, 'notification delivered');
    return { kind: 'delivered', conversationIds: reached };
  }
}
