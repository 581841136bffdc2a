import { GraphError } from '@microsoft/microsoft-graph-client';
import { GRAPH_REASONS } from './graphReasons.js';
import { retryAfterMs } from './retryAfter.js';
import { SignInError } from './signInError.js';

/** What a failed Graph call means for a role lookup. */
export type GraphFailure =
  /** The user (or tenant object) isn't there: a user not in the directory holds no roles in it. */
  | { kind: 'notFound' }
  /** Worth another try after `retryAfterMs` (Graph's Retry-After), if the lookup's budget allows. */
  | { kind: 'retryable'; reason: string; retryAfterMs: number | undefined }
  | { kind: 'final'; reason: string };

const RETRYABLE: ReadonlyMap<number, string> = new Map([
  [429, GRAPH_REASONS.throttled],
  [503, GRAPH_REASONS.unavailable],
  [504, GRAPH_REASONS.unavailable],
]);

const final = (reason: string): GraphFailure => ({ kind: 'final', reason });

/** Classifies what the Graph client threw. Never throws. */
export function classifyGraphError(error: unknown, nowMs: number = Date.now()): GraphFailure {
  if (error instanceof SignInError) return final(error.consentMissing ? GRAPH_REASONS.noConsent : GRAPH_REASONS.signInFailed);
  if (!(error instanceof GraphError)) return final(GRAPH_REASONS.unexpected);
  if (error.code === 'TimeoutError' || error.code === 'AbortError') return final(GRAPH_REASONS.unreachable);
  const status = error.statusCode;
  if (status === 404) return { kind: 'notFound' };
  if (status === 401) return final(GRAPH_REASONS.signInFailed);
  if (status === 403) return final(GRAPH_REASONS.noConsent);
  const retryReason = RETRYABLE.get(status);
  if (retryReason) return { kind: 'retryable', reason: retryReason, retryAfterMs: retryAfterMs(error.headers?.get('Retry-After'), nowMs) };
  if (!(status > 0)) return final(GRAPH_REASONS.unreachable); // no HTTP answer: DNS, connection, TLS, reset
  if (status >= 200 && status < 300) return final(GRAPH_REASONS.unreadable); // answered, but not JSON
  return final(GRAPH_REASONS.serviceError(status));
}

/** What an operator needs to chase a failure with Microsoft support: status, Graph error code, request id. No tokens. */
export function graphErrorDetails(error: unknown): Record<string, unknown> {
  if (error instanceof GraphError) {
    return { status: error.statusCode, code: error.code, requestId: error.requestId, message: error.message };
  }
  if (error instanceof Error) return { error: error.name, message: error.message };
  return { message: String(error) };
}
