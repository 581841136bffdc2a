import type { TenantState } from '../domain/model.js';
import { isTenantId, TenantStateSchema } from '../domain/model.js';
import { arrayJson } from '../domain/plainJson.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { type DraftChanges, isListPart, TENANT_KEYS } from './tenantDraft.js';
import { describeIssues } from './validatedJsonFile.js';

/**
 * One journal line: the parts of a tenant that a change touched (`s`), as they are after it; the parts it left alone
 * are as the line before, or the tenant file, has them. The audit trail and the contact requests only ever grow, so
 * when a change only added to them the line carries just the new entries and how many came before (`a`, `c`). A line
 * thus costs what the change touched, however large the tenant is. A tenant's first line ever (`changes` undefined)
 * carries the whole state: there is nothing before it to rebuild on.
 */
export function encodeRecord(key: string, after: TenantState, changes: DraftChanges | undefined): string {
  if (!changes) return JSON.stringify({ k: key, s: after });
  const { audit: a, contactRequests: c } = changes.appendedAfter;
  const parts: string[] = [];
  for (const part of changes.changed) {
    if ((part === 'audit' && a !== undefined) || (part === 'contactRequests' && c !== undefined)) continue;
    const value = after[part];
    parts.push(`${JSON.stringify(part)}:${isListPart(part) ? listJson(value as unknown[]) : JSON.stringify(value)}`);
  }
  if (a !== undefined) parts.push(`"audit":${JSON.stringify(after.audit.slice(a))}`);
  if (c !== undefined) parts.push(`"contactRequests":${JSON.stringify(after.contactRequests.slice(c))}`);
  return `{"k":${JSON.stringify(key)},"s":{${parts.join(',')}}${a === undefined ? '' : `,"a":${a}`}${c === undefined ? '' : `,"c":${c}`}}`;
}

/**
 * The JSON text of list entries already written to the journal, by entry. A change rewrites a whole list part when it
 * edits one entry; the entries it left alone are the very objects of the state before, never changed once committed,
 * so their text is reused: a line then costs the serializing of what the change touched.
 */
const entryJson = new WeakMap<object, string>();
// The entries a line carries are about to be committed (or, if the write fails, dropped with the draft): none changes.
const listJson = (entries: readonly unknown[]) => arrayJson(entries, entryJson, () => true);

/**
 * The tenant state a line records, rebuilt on `baseOf(key)` (the tenant as the lines before it, or its file, leave it)
 * when the line carries only some parts or only new entries. Anything that does not add up is a damaged journal, named
 * by file and line. (Lines from before lines carried parts always carry every part, so they read the same way.)
 */
export function decodeRecord(file: string, lineNumber: number, line: string, baseOf: (key: string) => TenantState | undefined): [string, TenantState] {
  const where = `line ${lineNumber}`;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new StoreFileInvalidError(file, `${where} is not JSON (${(error as Error).message})`);
  }
  const { k: key, s: parts, a, c } = (record ?? {}) as { k?: unknown; s?: unknown; a?: unknown; c?: unknown };
  if (typeof key !== 'string' || !isTenantId(key) || key !== key.toLowerCase()) throw new StoreFileInvalidError(file, `${where} names no tenant`);
  if (!parts || typeof parts !== 'object' || Array.isArray(parts) || (a !== undefined && !isCount(a)) || (c !== undefined && !isCount(c))) {
    throw new StoreFileInvalidError(file, `${where} is malformed`);
  }
  const carried = parts as Record<string, unknown>;
  const needsBase = TENANT_KEYS.some((part) => !Object.hasOwn(carried, part)) || (a ?? 0) > 0 || (c ?? 0) > 0;
  const base = needsBase ? baseOf(key) : undefined;
  if (needsBase && (!base || base.audit.length < (a ?? 0) || base.contactRequests.length < (c ?? 0))) {
    throw new StoreFileInvalidError(file, `${where} continues a history of tenant ${key} that neither the journal before it nor the tenant file holds`);
  }
  const whole: Record<string, unknown> = { ...base, ...carried };
  for (const [part, count] of [['audit', a], ['contactRequests', c]] as const) {
    if (count === undefined) continue;
    if (!Array.isArray(carried[part])) throw new StoreFileInvalidError(file, `${where} is malformed`);
    whole[part] = [...(base?.[part].slice(0, count) ?? []), ...(carried[part] as unknown[])];
  }
  const parsed = TenantStateSchema.safeParse(whole);
  if (!parsed.success) throw new StoreFileInvalidError(file, `${where}: ${describeIssues(parsed.error)}`);
  if (parsed.data.tenant.id.toLowerCase() !== key) throw new StoreFileInvalidError(file, `${where} holds tenant ${parsed.data.tenant.id}, not ${key}`);
  return [key, parsed.data];
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
