import { performance } from 'node:perf_hooks';

export interface LookupBudgetLimits {
  /** The most the whole lookup may take: token, every page, every wait. */
  deadlineMs: number;
  /** The most one HTTP call may take (also capped by what is left of the deadline). */
  callTimeoutMs: number;
  /** How many throttled or unavailable answers may be retried, over the whole lookup. */
  maxRetries: number;
}

/**
 * What one role lookup may spend: time (a monotonic deadline) and retries. Every Graph call of the lookup draws on
 * the same budget, so paging and retries together can never run past the deadline.
 */
export class LookupBudget {
  readonly #endsAt: number;
  #retriesLeft: number;
  #retriesTaken = 0;

  constructor(private readonly limits: LookupBudgetLimits, private readonly now: () => number = () => performance.now()) {
    this.#endsAt = now() + limits.deadlineMs;
    this.#retriesLeft = limits.maxRetries;
  }

  remainingMs(): number {
    return Math.max(0, this.#endsAt - this.now());
  }

  /** A signal for one call: it aborts at the per-call timeout or at the deadline. Undefined when no time is left. */
  callSignal(): AbortSignal | undefined {
    const ms = Math.floor(Math.min(this.limits.callTimeoutMs, this.remainingMs()));
    return ms >= 1 ? AbortSignal.timeout(ms) : undefined;
  }

  /** Takes one retry if one is left and waiting `waitMs` still leaves time before the deadline. */
  takeRetry(waitMs: number): boolean {
    if (this.#retriesLeft <= 0 || waitMs >= this.remainingMs()) return false;
    this.#retriesLeft -= 1;
    this.#retriesTaken += 1;
    return true;
  }

  /** The wait before a retry when Graph gave no Retry-After: 1 s, then 2 s, 4 s… */
  backoffMs(): number {
    return 1000 * 2 ** this.#retriesTaken;
  }
}
