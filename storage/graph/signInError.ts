import { GraphClientError } from '@microsoft/microsoft-graph-client';

/**
 * Token-endpoint answers that mean the app is not (or no longer) consented in the tenant: the application or its
 * service principal is not in that directory, or consent was never granted.
 */
const CONSENT_MISSING = /\bAADSTS(700016|7000229|65001)\b/;

/**
 * The tenant's credential gave no token. It extends GraphClientError because the Graph client rethrows those
 * unchanged (anything else it wraps in a GraphError without the cause), so the failure can be told apart from
 * a network error.
 */
export class SignInError extends GraphClientError {
  /** True when Entra said the app is not consented in that tenant, rather than some other sign-in failure. */
  readonly consentMissing: boolean;

  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`no Graph token for the tenant: ${detail}`);
    // GraphClientError resets the prototype to its own; restore ours so instanceof SignInError holds.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'SignInError';
    this.cause = cause;
    this.consentMissing = CONSENT_MISSING.test(detail);
  }
}
