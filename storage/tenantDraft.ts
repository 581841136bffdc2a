import type { z } from 'zod';
import { type TenantState, TenantStateSchema } from '../domain/model.js';
import { copyJson, sameJson } from '../domain/plainJson.js';
import { ISSUES_NAMED, issueText } from './validatedJsonFile.js';

/**
 * How each part of a tenant is copied for a change and told apart afterwards:
 * - `history`: the audit trail and the contact requests only ever grow, and make up most of a busy tenant. Their
 *   entries are shared with the state before, not copied (tests freeze every snapshot, so a change that edited a
 *   shared entry in place would fail there, loudly).
 * - `list` and `record`: copied entry by entry, so a change can be told apart entry by entry.
 * - `value`: copied whole.
 */
const KINDS: { readonly [K in keyof TenantState]: 'value' | 'list' | 'record' | 'history' } = {
  // In the schema's order, so a draft has the same hidden class as a state parsed from a file (reads stay monomorphic).
  schemaVersion: 'value', tenant: 'value', users: 'record', invitations: 'list', relationships: 'list',
  contactRequests: 'history', partnerChannels: 'record', conversations: 'record', audit: 'history', outbox: 'list',
};
export type TenantKey = keyof TenantState;
export const TENANT_KEYS = Object.keys(KINDS) as TenantKey[];
/** Whether a part is a list: its unchanged entries a committed state shares with the state before (see #compare). */
export const isListPart = (key: TenantKey): boolean => KINDS[key] === 'list';

/** What a change did to its tenant, part by part. */
export interface DraftChanges {
  /** The parts whose value differs from the state before. */
  changed: TenantKey[];
  /** Per history part the change only added to: how many entries were there before. */
  appendedAfter: Partial<Record<'audit' | 'contactRequests', number>>;
  /** What of each part needs checking: values whole, and the changed or new entries of lists and records. */
  fresh: Partial<Record<TenantKey, unknown>>;
  /** Parts the change replaced with something that is not a list (or not a record) at all. */
  misshapen: TenantKey[];
}

/**
 * The copy a change works on, and what it changed. Only changed and new entries are checked against the schema
 * (those of the state before were checked when it was loaded or written), and only changed parts go in the journal.
 */
export class TenantDraft {
  readonly state: TenantState;
  /** The part and the entry of the state before that each list entry of the draft was copied from. */
  readonly #origins = new Map<object, { key: TenantKey; entry: unknown }>();

  constructor(readonly before: TenantState) {
    const state: Record<string, unknown> = {};
    for (const key of TENANT_KEYS) {
      const value = before[key];
      if (KINDS[key] === 'history') state[key] = [...(value as unknown[])];
      else if (KINDS[key] === 'list') state[key] = (value as object[]).map((entry) => this.#copyOf(key, entry));
      else state[key] = copyJson(value);
    }
    this.state = state as TenantState;
  }

  changes(): DraftChanges {
    const changes: DraftChanges = { changed: [], appendedAfter: {}, fresh: {}, misshapen: [] };
    for (const key of TENANT_KEYS) {
      if (!hasItsShape(key, this.state[key])) {
        changes.changed.push(key);
        changes.misshapen.push(key);
        continue;
      }
      const [changed, fresh, appended] = this.#compare(key);
      if (changed) changes.changed.push(key);
      changes.fresh[key] = fresh;
      if (changed && appended && (key === 'audit' || key === 'contactRequests')) changes.appendedAfter[key] = this.before[key].length;
    }
    return changes;
  }

  #copyOf(key: TenantKey, entry: object): object {
    const copy = copyJson(entry);
    this.#origins.set(copy, { key, entry });
    return copy;
  }

  /**
   * Whether a part changed; what of it must be checked: a value whole, of a record or a list the entries that are new
   * or differ, by id or by index; and, for a history, whether the change only added entries at its end.
   */
  #compare(key: TenantKey): [boolean, unknown, boolean] {
    const before: unknown = this.before[key];
    const after: unknown = this.state[key];
    const kind = KINDS[key];
    if (kind === 'value') return [!sameJson(before, after), after, false];
    if (kind === 'record') {
      const was = before as Record<string, unknown>;
      const now = after as Record<string, unknown>;
      const fresh = Object.fromEntries(Object.entries(now).filter(([id, entry]) => !Object.hasOwn(was, id) || !sameJson(was[id], entry)));
      return [Object.keys(fresh).length > 0 || Object.keys(was).some((id) => !Object.hasOwn(now, id)), fresh, false];
    }
    const was = before as unknown[];
    const now = after as unknown[];
    const fresh: Record<string, unknown> = {};
    let changed = was.length !== now.length;
    // The history kept every entry it had, the very same objects, in place (the draft shares them).
    let appended = now.length >= was.length;
    let moved: Set<unknown> | undefined;
    now.forEach((entry, index) => {
      let origin: unknown;
      if (kind === 'list') origin = this.#originOf(key, entry) ?? (entry === was[index] ? entry : undefined);
      // History entries are shared, so a kept one is the very same object; usually at the same place, as only the
      // end grows. Entries past the old end count as new: checking a copied one again is harmless.
      else if (entry === was[index] || (index < was.length && (moved ??= new Set(was)).has(entry))) origin = entry;
      const isFresh = origin === undefined || (kind === 'list' && !sameJson(origin, entry));
      if (isFresh) fresh[index] = entry;
      // An entry the change left as it was goes back to being the state before's object: states share what did not
      // change, and the journal reuses the JSON text it already made of it (journalRecord.ts).
      else if (kind === 'list') now[index] = origin;
      if (isFresh || origin !== was[index]) changed = true;
      if (index < was.length && entry !== was[index]) appended = false;
    });
    return [changed, fresh, appended];
  }

  #originOf(key: TenantKey, entry: unknown): unknown {
    const origin = entry !== null && typeof entry === 'object' ? this.#origins.get(entry) : undefined;
    return origin?.key === key ? origin.entry : undefined;
  }
}

function hasItsShape(key: TenantKey, value: unknown): boolean {
  if (KINDS[key] === 'record') return value !== null && typeof value === 'object' && !Array.isArray(value);
  return KINDS[key] === 'value' || Array.isArray(value);
}

const shape = TenantStateSchema.shape;
/**
 * What each part's fresh entries are checked against: a value whole; an entry of a list or a record on its own, and a
 * record's key too. Each entry is parsed with its own schema rather than all of them through one tenant-wide schema
 * of records: the records and the object around them were a third of the check's time, for nothing to check.
 */
const CHECKS: { readonly [K in TenantKey]: { entry: z.ZodType; key?: z.ZodType } } = {
  schemaVersion: { entry: shape.schemaVersion }, tenant: { entry: shape.tenant },
  users: { entry: shape.users.valueType, key: shape.users.keyType }, invitations: { entry: shape.invitations.element },
  relationships: { entry: shape.relationships.element }, contactRequests: { entry: shape.contactRequests.element },
  partnerChannels: { entry: shape.partnerChannels.valueType, key: shape.partnerChannels.keyType },
  conversations: { entry: shape.conversations.valueType, key: shape.conversations.keyType },
  audit: { entry: shape.audit.element }, outbox: { entry: shape.outbox.element },
};

/** Why the draft would not load, or undefined. Only what the change touched is checked; the rest was checked before. */
export function draftProblem(changes: DraftChanges): string | undefined {
  if (changes.misshapen.length > 0) return changes.misshapen.map((key) => `${key}: expected ${KINDS[key] === 'record' ? 'an object' : 'an array'}`).join('; ');
  const problems: string[] = [];
  const check = (schema: z.ZodType, value: unknown, at: readonly string[]) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) problems.push(issueText(issue, at));
  };
  for (const part of TENANT_KEYS) {
    const fresh = changes.fresh[part];
    const { entry, key } = CHECKS[part];
    if (KINDS[part] === 'value') check(entry, fresh, [part]);
    else {
      for (const id in fresh as Record<string, unknown>) {
        if (key) check(key, id, [part, id]);
        check(entry, (fresh as Record<string, unknown>)[id], [part, id]);
      }
    }
    if (problems.length >= ISSUES_NAMED) break;
  }
  return problems.length > 0 ? problems.slice(0, ISSUES_NAMED).join('; ') : undefined;
}
