import { type TenantState, TenantStateSchema } from '../domain/model.js';
import { describeIssues } from './validatedJsonFile.js';

/**
 * The copy a change works on. The audit trail and the contact requests only ever grow, and make up most of a busy
 * tenant, so their entries are shared with the state before instead of copied: copying and validating a whole tenant
 * on every change was most of a write's cost, and grows with its history. Everything else is a deep copy. (Tests
 * freeze every snapshot, so a change that edited a shared entry in place would fail there, loudly.)
 */
export function draftOf(before: TenantState): TenantState {
  const { audit, contactRequests, ...rest } = before;
  return { ...(structuredClone(rest) as Omit<TenantState, 'audit' | 'contactRequests'>), audit: [...audit], contactRequests: [...contactRequests] };
}

/**
 * Why the draft would not load, or undefined. Entries shared with `before` were validated when it was loaded or
 * written; only the rest is checked again.
 */
export function draftProblem(before: TenantState, draft: TenantState): string | undefined {
  const known = new Set<object>([...before.audit, ...before.contactRequests]);
  const fresh = { ...draft, audit: draft.audit.filter((e) => !known.has(e)), contactRequests: draft.contactRequests.filter((r) => !known.has(r)) };
  const parsed = TenantStateSchema.safeParse(fresh);
  return parsed.success ? undefined : describeIssues(parsed.error);
}
