import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import { classifyGraphError, graphErrorDetails } from './graphFailure.js';
import { GRAPH_REASONS } from './graphReasons.js';
import type { LookupBudget } from './lookupBudget.js';

/** One Graph call's outcome, never thrown. */
export type GraphAnswer<T> = { kind: 'ok'; body: T } | { kind: 'notFound' } | { kind: 'failed'; reason: string };

export interface GraphGet {
  /** A path under the Graph endpoint, with its query: "/users/{id}?$select=…". */
  path: string;
  headers?: Record<string, string>;
}

/** Where failures are reported for the operator (pino's `warn(object, message)` fits). */
export interface GraphLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export type GraphCaller = (request: GraphGet) => Promise<GraphAnswer<unknown>>;

/**
 * GETs one Graph resource within the lookup's budget: each attempt is cut off at the per-call timeout or the
 * deadline; 429/503/504 are retried after Graph's Retry-After (or a short backoff) while retries and time remain.
 */
export async function callGraph(client: Client, request: GraphGet, budget: LookupBudget, log?: GraphLog): Promise<GraphAnswer<unknown>> {
  for (;;) {
    const signal = budget.callSignal();
    if (!signal) return { kind: 'failed', reason: GRAPH_REASONS.unreachable };
    try {
      const body: unknown = await client.api(request.path).headers(request.headers ?? {}).option('signal', signal).get();
      return { kind: 'ok', body };
    } catch (error) {
      const failure = classifyGraphError(error);
      if (failure.kind === 'notFound') return failure;
      const waitMs = failure.kind === 'retryable' ? (failure.retryAfterMs ?? budget.backoffMs()) : 0;
      const retry = failure.kind === 'retryable' && budget.takeRetry(waitMs);
      log?.warn({ ...graphErrorDetails(error), path: request.path.split('?')[0], retry }, 'Microsoft Graph call failed');
      if (!retry) return { kind: 'failed', reason: failure.reason };
      await sleep(waitMs);
    }
  }
}
