import type { TenantState } from '../domain/model.js';
import { TenantStateSchema } from '../domain/model.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { isTenantId } from './storeLayout.js';
import { describeIssues } from './validatedJsonFile.js';

/**
 * One journal line: a tenant's state after a change. The audit trail and the contact requests only ever grow, so when
 * the change kept them as they were and added to the end, the line carries only the new entries and how many came
 * before (`a`, `c`): a line then costs the same however long the tenant's history is. Otherwise it carries them whole.
 */
export function encodeRecord(key: string, before: TenantState, after: TenantState): string {
  if (!extends_(before.audit, after.audit) || !extends_(before.contactRequests, after.contactRequests)) return JSON.stringify({ k: key, s: after });
  const a = before.audit.length;
  const c = before.contactRequests.length;
  return JSON.stringify({ k: key, s: { ...after, audit: after.audit.slice(a), contactRequests: after.contactRequests.slice(c) }, a, c });
}

/** Whether `after` is `before` with entries added at the end (the same entries, not copies: the store shares them). */
function extends_<T>(before: readonly T[], after: readonly T[]): boolean {
  if (after.length < before.length) return false;
  for (let i = 0; i < before.length; i++) if (after[i] !== before[i]) return false;
  return true;
}

/**
 * The tenant state a line records, rebuilt on `baseOf(key)` (the tenant as the lines before it, or its file, leave it)
 * when the line carries only new entries. Anything that does not add up is a damaged journal, named by file and line.
 */
export function decodeRecord(file: string, lineNumber: number, line: string, baseOf: (key: string) => TenantState | undefined): [string, TenantState] {
  const where = `line ${lineNumber}`;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new StoreFileInvalidError(file, `${where} is not JSON (${(error as Error).message})`);
  }
  const { k: key, s: state, a, c } = (record ?? {}) as { k?: unknown; s?: unknown; a?: unknown; c?: unknown };
  if (typeof key !== 'string' || !isTenantId(key) || key !== key.toLowerCase()) throw new StoreFileInvalidError(file, `${where} names no tenant`);
  let whole = state;
  if (a !== undefined || c !== undefined) {
    if (!isCount(a) || !isCount(c) || !state || typeof state !== 'object') throw new StoreFileInvalidError(file, `${where} has a malformed continuation`);
    const base = a > 0 || c > 0 ? baseOf(key) : undefined;
    if ((a > 0 || c > 0) && (!base || base.audit.length < a || base.contactRequests.length < c)) {
      throw new StoreFileInvalidError(file, `${where} continues a history of tenant ${key} that neither the journal before it nor the tenant file holds`);
    }
    const added = state as { audit?: unknown; contactRequests?: unknown };
    if (!Array.isArray(added.audit) || !Array.isArray(added.contactRequests)) throw new StoreFileInvalidError(file, `${where} has a malformed continuation`);
    whole = { ...state, audit: [...(base?.audit.slice(0, a) ?? []), ...added.audit], contactRequests: [...(base?.contactRequests.slice(0, c) ?? []), ...added.contactRequests] };
  }
  const parsed = TenantStateSchema.safeParse(whole);
  if (!parsed.success) throw new StoreFileInvalidError(file, `${where}: ${describeIssues(parsed.error)}`);
  if (parsed.data.tenant.id.toLowerCase() !== key) throw new StoreFileInvalidError(file, `${where} holds tenant ${parsed.data.tenant.id}, not ${key}`);
  return [key, parsed.data];
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
