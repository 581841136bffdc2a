import { expireDueInvitations } from './changeLog.js';
import type { DomainDeps } from './deps.js';
import type { TenantState } from './model.js';
import type { Result } from './result.js';

/**
 * Runs one change to a tenant: on a private draft, one at a time per tenant, written only when the work succeeds.
 * A refusal leaves the store untouched, which is what makes "bad input changes nothing" hold everywhere.
 */
export function changeTenant<T>(deps: DomainDeps, tenantId: string, work: (draft: TenantState) => Result<T>): Promise<Result<T>> {
  return deps.store.transact(tenantId, (draft) => {
    expireDueInvitations(draft, deps);
    const result = work(draft);
    return { commit: result.ok, value: result };
  });
}
