import type { z } from 'zod4';
import { type TenantState, TenantStateSchema } from '../domain/model.js';
import { copyJson, sameJson } from '../domain/plainJson.js';
import { issueText } from '../domain/input.js';
import { ISSUES_NAMED } from './validatedJsonFile.js';

/**
 * How each part of a tenant is drafted and told apart afterwards:
 * - `list`, `history` and `record`: the draft gets its own array or object, holding the very entries of the state
 *   before. Committed states are frozen (see JsonTenantStore), so an entry the change edits is first swapped for a copy
 *   (domain/editable.ts) and one it left alone stays the same object: the entries a change made or edited are exactly
 *   those that are not frozen, found without comparing any content. A history (the audit trail, the contact requests)
 *   only ever grows, so its journal line can carry just the new entries.
 * - `value`: copied whole, and compared whole.
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
  /** What of each part needs checking: changed values whole, and the changed or new entries of lists and records. */
  fresh: Partial<Record<TenantKey, unknown>>;
  /** Parts the change replaced with something that is not a list (or not a record) at all. */
  misshapen: TenantKey[];
}

/** A committed entry: frozen with its state, and checked when that state was loaded or written. */
const isCommitted = (entry: unknown): boolean => entry !== null && typeof entry === 'object' && Object.isFrozen(entry);

/**
 * The draft a change works on, and what it changed. Only changed and new entries are checked against the schema
 * (those of the state before were checked when it was loaded or written), and only changed parts go in the journal.
 */
export class TenantDraft {
  readonly state: TenantState;

  constructor(readonly before: TenantState) {
    const state: Record<string, unknown> = {};
    for (const key of TENANT_KEYS) {
      const value = before[key];
      const kind = KINDS[key];
      if (kind === 'value') state[key] = copyJson(value);
      else if (kind === 'record') state[key] = { ...(value as object) };
      else state[key] = [...(value as unknown[])];
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
      // A value the change left equal to the one before was checked with it: only a changed one is fresh.
      if (KINDS[key] !== 'value' || changed) changes.fresh[key] = fresh;
      if (changed && appended && (key === 'audit' || key === 'contactRequests')) changes.appendedAfter[key] = this.before[key].length;
    }
    return changes;
  }

  /**
   * Whether a part changed; what of it must be checked: a value whole, of a record the entries that are new or
   * replaced, by id, of a list those the change made or edited, by index; and, for a list, whether the change only
   * added entries at its end.
   */
  #compare(key: TenantKey): [boolean, unknown, boolean] {
    const before: unknown = this.before[key];
    const after: unknown = this.state[key];
    const kind = KINDS[key];
    if (kind === 'value') return [!sameJson(before, after), after, false];
    const fresh: Record<string, unknown> = {};
    if (kind === 'record') {
      const was = before as Record<string, unknown>;
      const now = after as Record<string, unknown>;
      let changed = false;
      for (const id in now) {
        if (Object.hasOwn(was, id) && now[id] === was[id]) continue;
        fresh[id] = now[id];
        changed = true;
      }
      for (const id in was) if (!Object.hasOwn(now, id)) changed = true;
      return [changed, fresh, false];
    }
    const was = before as unknown[];
    const now = after as unknown[];
    let changed = was.length !== now.length;
    let appended = now.length >= was.length;
    let kept: Set<unknown> | undefined;
    for (let index = 0; index < now.length; index++) {
      const entry = now[index];
      if (entry === was[index]) continue;
      changed = true;
      if (index < was.length) appended = false;
      // Moved, or put back after a filter: still an entry of the state before, unless it is not one at all.
      if (!isCommitted(entry) || !(kept ??= new Set(was)).has(entry)) fresh[index] = entry;
    }
    return [changed, fresh, appended];
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
    if (KINDS[part] === 'value') {
      if (Object.hasOwn(changes.fresh, part)) check(entry, fresh, [part]);
    } else {
      for (const id in fresh as Record<string, unknown>) {
        if (key) check(key, id, [part, id]);
        check(entry, (fresh as Record<string, unknown>)[id], [part, id]);
      }
    }
    if (problems.length >= ISSUES_NAMED) break;
  }
  return problems.length > 0 ? problems.slice(0, ISSUES_NAMED).join('; ') : undefined;
}
