import type { TenantState } from '../domain/model.js';
import { isTenantId, TenantStateSchema } from '../domain/model.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { type DraftChanges, isListPart, TENANT_KEYS, type TenantKey } from './tenantDraft.js';
import { describeIssues } from './validatedJsonFile.js';

/**
 * One journal line: change number `n` of a tenant, and the parts of the tenant that the change touched (`s`), as they
 * are after it; the parts it left alone are as the state before it has them.
 * - A list (invitations, relationships, outbox) holds the entries the change made or edited, and for each entry it
 *   left alone that entry's index in the list before: an accept that edits one invitation of twenty writes one.
 * - The audit trail and the contact requests only ever grow, so when a change only added to them the line carries
 *   just the new entries and how many came before (`a`, `c`).
 * A line thus costs what the change touched, however large the tenant is. A tenant's first line ever (`changes`
 * undefined) carries the whole state: there is nothing before it to rebuild on. Start-up rebuilds a line only on the
 * state it was made from (see readJournal and tenantFile.ts).
 */
export function encodeRecord(key: string, n: number, before: TenantState, after: TenantState, changes: DraftChanges | undefined): string {
  if (!changes) return JSON.stringify({ k: key, n, s: after });
  const { audit: a, contactRequests: c } = changes.appendedAfter;
  const parts: string[] = [];
  for (const part of changes.changed) {
    if ((part === 'audit' && a !== undefined) || (part === 'contactRequests' && c !== undefined)) continue;
    const value = after[part];
    const json = isListPart(part) ? listJson(before[part] as unknown[], value as unknown[], changes.fresh[part] as Record<number, unknown>) : JSON.stringify(value);
    parts.push(`${JSON.stringify(part)}:${json}`);
  }
  if (a !== undefined) parts.push(`"audit":${JSON.stringify(after.audit.slice(a))}`);
  if (c !== undefined) parts.push(`"contactRequests":${JSON.stringify(after.contactRequests.slice(c))}`);
  return `{"k":${JSON.stringify(key)},"n":${n},"s":{${parts.join(',')}}${a === undefined ? '' : `,"a":${a}`}${c === undefined ? '' : `,"c":${c}`}}`;
}

/** A list after a change: each entry the change made or edited in full, each other one as its index in `before`. */
function listJson(before: readonly unknown[], after: readonly unknown[], fresh: Record<number, unknown>): string {
  let text = '[';
  let positions: Map<unknown, number> | undefined;
  for (let index = 0; index < after.length; index++) {
    const entry = after[index];
    let at: number | undefined;
    if (!Object.hasOwn(fresh, index)) at = entry === before[index] ? index : (positions ??= new Map(before.map((e, i) => [e, i]))).get(entry);
    const json = at === undefined ? JSON.stringify(entry) : String(at);
    text += index === 0 ? json : `,${json}`;
  }
  return `${text}]`;
}

/** A journal line, read and its shape checked; what it holds is checked once it is rebuilt into a state. */
export interface JournalRecord {
  key: string;
  /** The change's number for its tenant; absent in lines from before lines were numbered (they carry whole lists). */
  n: number | undefined;
  parts: Record<string, unknown>;
  a: number | undefined;
  c: number | undefined;
  where: string;
}

export function parseRecord(file: string, lineNumber: number, line: string): JournalRecord {
  const where = `line ${lineNumber}`;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new StoreFileInvalidError(file, `${where} is not JSON (${(error as Error).message})`);
  }
  const { k: key, n, s: parts, a, c } = (record ?? {}) as { k?: unknown; n?: unknown; s?: unknown; a?: unknown; c?: unknown };
  if (typeof key !== 'string' || !isTenantId(key) || key !== key.toLowerCase()) throw new StoreFileInvalidError(file, `${where} names no tenant`);
  if (!parts || typeof parts !== 'object' || Array.isArray(parts) || (a !== undefined && !isCount(a)) || (c !== undefined && !isCount(c)) || (n !== undefined && !(isCount(n) && n > 0))) {
    throw new StoreFileInvalidError(file, `${where} is malformed`);
  }
  return { key, n, parts: parts as Record<string, unknown>, a, c, where };
}

/** Whether rebuilding the line needs the state before it: it leaves parts out, continues a history or names entries. */
export function needsBase({ parts, a, c }: JournalRecord): boolean {
  return TENANT_KEYS.some((part) => !Object.hasOwn(parts, part) || (isListPart(part) && namesEntries(parts[part])))
    || (a ?? 0) > 0 || (c ?? 0) > 0;
}

const namesEntries = (list: unknown) => Array.isArray(list) && list.some((entry) => typeof entry === 'number');

/**
 * The tenant state a line records, rebuilt on `base` (the state the change was made from) when the line carries only
 * some parts, only new entries or indexes of entries. Anything that does not add up is a damaged journal, named by
 * file and line.
 */
export function rebuildRecord(file: string, record: JournalRecord, base: TenantState | undefined): TenantState {
  const { key, parts: carried, a, c, where } = record;
  const continues = () => new StoreFileInvalidError(file, `${where} continues a history of tenant ${key} that neither the journal before it nor the tenant file holds`);
  if (needsBase(record) && (!base || base.audit.length < (a ?? 0) || base.contactRequests.length < (c ?? 0))) throw continues();
  const whole: Record<string, unknown> = { ...base, ...carried };
  for (const [part, count] of [['audit', a], ['contactRequests', c]] as const) {
    if (count === undefined) continue;
    if (!Array.isArray(carried[part])) throw new StoreFileInvalidError(file, `${where} is malformed`);
    whole[part] = [...(base?.[part].slice(0, count) ?? []), ...(carried[part] as unknown[])];
  }
  for (const part of TENANT_KEYS) {
    if (!isListPart(part) || !namesEntries(carried[part])) continue;
    const from = base![part as Extract<TenantKey, 'invitations' | 'relationships' | 'outbox'>] as unknown[];
    whole[part] = (carried[part] as unknown[]).map((entry) => {
      if (typeof entry !== 'number') return entry;
      if (!Number.isInteger(entry) || entry < 0 || entry >= from.length) throw continues();
      return from[entry];
    });
  }
  const parsed = TenantStateSchema.safeParse(whole);
  if (!parsed.success) throw new StoreFileInvalidError(file, `${where}: ${describeIssues(parsed.error)}`);
  if (parsed.data.tenant.id.toLowerCase() !== key) throw new StoreFileInvalidError(file, `${where} holds tenant ${parsed.data.tenant.id}, not ${key}`);
  return parsed.data;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
