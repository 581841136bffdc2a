import { mkdir, stat } from 'node:fs/promises';
import { Low } from 'lowdb';
import type { ContactRequest, Invitation, Relationship, TenantState } from '../domain/model.js';
import { emptyTenant } from '../domain/model.js';
import type { TenantStore, TransactionOutcome } from '../domain/ports.js';
import { deepFreeze } from '../domain/deepFreeze.js';
import type { ChangeJournal } from './changeJournal.js';
import { KeyedMutex } from './keyedMutex.js';
import { type DraftChanges, draftProblem, TenantDraft } from './tenantDraft.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { shareRepeatedStrings } from './shareRepeatedStrings.js';
import type { OutboxPendingIndex } from './outboxPendingIndex.js';
import type { PartnerCustomerIndex } from './partnerCustomerIndex.js';
import { type StoreLayout, tenantKey } from './storeLayout.js';
import { storedTenant, tenantFile, tenantFileOf } from './tenantFile.js';

const FOLD_PARALLELISM = 4;

export interface TenantStoreOptions {
  /** How many tenants stay parsed in memory; the least recently used idle ones are dropped beyond it. */
  cacheSize?: number;
  /** How long after a tenant's outbox empties it leaves the outbox index (batched). */
  outboxIndexPruneDelayMs?: number;
  /** With a journal: how long after a change its tenant file is brought up to date at the latest. */
  checkpointIntervalMs?: number;
  /** With a journal: the segment size at which a checkpoint starts at once. */
  checkpointBytes?: number;
  /** A checkpoint started on its own failed (it is tried again; nothing is lost): for the operator's log. */
  onCheckpointFailed?: (error: unknown) => void;
}

/**
 * The tenant store on lowdb: one JSON file per tenant, loaded on first use and kept in a bounded cache. Every state it
 * holds is frozen. Changes to a tenant run one at a time on a draft (see TenantDraft); the draft replaces the cached
 * state only after it is safely on disk: appended to the journal, when the store has one, or else written to the
 * tenant's file. With a journal, the tenants changed since the last checkpoint stay in the cache, and a checkpoint
 * writes their files a little later, off the turn.
 */
export class JsonTenantStore implements TenantStore {
  readonly #cache = new Map<string, Low<TenantState>>();
  readonly #loading = new Map<string, Promise<Low<TenantState> | undefined>>();
  readonly #mutex = new KeyedMutex();
  readonly #cacheSize: number;
  readonly #pruneDelayMs: number;
  readonly #emptied = new Set<string>();
  #pruneTimer: NodeJS.Timeout | undefined;
  #tenantsDirReady: Promise<unknown> | undefined;
  /** Per cached tenant: how many journaled changes its state includes, the number its next journal line follows. */
  readonly #journaled = new Map<string, number>();
  /** Tenants whose newest state is only in the journal; kept in the cache until a checkpoint writes their files. */
  readonly #dirty = new Set<string>();
  /** Tenants a running checkpoint is writing out. */
  readonly #folding = new Set<string>();
  #checkpointTimer: NodeJS.Timeout | undefined;
  #checkpoint: Promise<void> | undefined;
  readonly #checkpointIntervalMs: number;
  readonly #checkpointBytes: number;
  readonly #onCheckpointFailed: (error: unknown) => void;

  constructor(
    private readonly layout: StoreLayout,
    private readonly outboxIndex: OutboxPendingIndex,
    private readonly partnerIndex: PartnerCustomerIndex,
    options: TenantStoreOptions = {},
    private readonly journal?: ChangeJournal,
  ) {
    this.#cacheSize = options.cacheSize ?? 2_000;
    this.#pruneDelayMs = options.outboxIndexPruneDelayMs ?? 5_000;
    this.#checkpointIntervalMs = options.checkpointIntervalMs ?? 2_000;
    this.#checkpointBytes = options.checkpointBytes ?? 32 * 1024 * 1024;
    this.#onCheckpointFailed = options.onCheckpointFailed ?? (() => undefined);
  }

  async exists(tenantId: string): Promise<boolean> {
    const key = tenantKey(tenantId);
    if (this.#cache.has(key)) return true;
    try {
      await stat(this.layout.tenant(key));
      return true;
    } catch {
      return false;
    }
  }

  async read(tenantId: string): Promise<TenantState | undefined> {
    return (await this.#load(tenantKey(tenantId)))?.data;
  }

  async glance(tenantId: string): Promise<TenantState | undefined> {
    const key = tenantKey(tenantId);
    const held = this.#cache.get(key) ?? (await this.#loading.get(key));
    if (held) return held.data;
    // Not in the cache, so not changed since its file was written (a changed tenant stays cached until then).
    return (await this.#parseFile(key))?.state;
  }

  async transact<T>(tenantId: string, work: (draft: TenantState) => TransactionOutcome<T>): Promise<T> {
    const key = tenantKey(tenantId);
    return this.#mutex.run(key, async () => {
      const loaded = await this.#load(key);
      const db = loaded ?? this.#create(key);
      const before = db.data;
      const change = new TenantDraft(before);
      const draft = change.state;
      const outcome = work(draft);
      if (!outcome.commit) return outcome.value;
      const changes = change.changes();
      this.#assertReadable(key, changes, draft);
      await this.#markBeforeWrite(key, before, draft, changes);
      // Readers keep seeing `before` until the draft is on disk, so a failed write leaves no trace anywhere.
      if (this.journal) this.#journal(this.journal, key, before, draft, loaded ? changes : undefined);
      else await db.adapter.write(tenantFileOf(draft, this.#journaled.get(key) ?? 0));
      // Frozen, as every state the store holds: drafts share its entries, and a reader or a change that mutated one
      // would fail loudly rather than change what everyone else sees (walks only what the change made; see deepFreeze).
      db.data = deepFreeze(draft);
      this.#cache.set(key, db);
      if (draft.outbox.length === 0 && this.outboxIndex.has(key)) this.#pruneSoon(key);
      this.#evictIdle();
      return outcome.value;
    });
  }

  customersOf(partnerId: string): Promise<string[]> {
    return this.partnerIndex.customersOf(partnerId);
  }

  async tenantsWithPendingNotifications(): Promise<string[]> {
    return this.outboxIndex.list();
  }

  /**
   * Waits for every change already started, drops emptied outboxes from the index and writes every tenant file the
   * journal is ahead of, so a shutdown cuts nothing short and the files on disk are the whole store.
   */
  async flush(): Promise<void> {
    await this.#mutex.drain();
    await this.#prune();
    await this.checkpoint();
  }

  /** Brings the tenant files up to date with the journal and deletes the segments that made it into them. */
  async checkpoint(): Promise<void> {
    while (this.#checkpoint) await this.#checkpoint.catch(() => undefined);
    if (!this.journal || this.#dirty.size === 0) return;
    this.#checkpoint = this.#fold(this.journal).finally(() => { this.#checkpoint = undefined; });
    return this.#checkpoint;
  }

  #journal(journal: ChangeJournal, key: string, before: TenantState, draft: TenantState, changes: DraftChanges | undefined): void {
    const n = (this.#journaled.get(key) ?? 0) + 1;
    journal.append(key, n, before, draft, changes);
    this.#journaled.set(key, n);
    this.#dirty.add(key);
    // Changed tenants stay in memory until a checkpoint: a burst over many tenants checkpoints early to keep the bound.
    if (journal.size >= this.#checkpointBytes || this.#dirty.size >= this.#cacheSize) this.#checkpointAfter(0);
    else if (!this.#checkpointTimer) this.#checkpointAfter(this.#checkpointIntervalMs);
  }

  #checkpointAfter(delayMs: number): void {
    clearTimeout(this.#checkpointTimer);
    this.#checkpointTimer = setTimeout(() => {
      this.#checkpointTimer = undefined;
      // A failed checkpoint leaves its segments and its tenants as they were: nothing is lost, it is tried again later.
      this.checkpoint().catch((error: unknown) => {
        this.#onCheckpointFailed(error);
        if (!this.#checkpointTimer) this.#checkpointAfter(this.#checkpointIntervalMs);
      });
    }, delayMs);
    this.#checkpointTimer.unref();
  }

  async #fold(journal: ChangeJournal): Promise<void> {
    // In one tick: every change after this line lands in the new segment and marks its tenant dirty again.
    for (const key of this.#dirty) this.#folding.add(key);
    this.#dirty.clear();
    journal.rotate();
    try {
      // Off the event loop, as many at a time as libuv has threads: turns go on while thousands of files are written.
      const keys = [...this.#folding];
      for (let i = 0; i < keys.length; i += FOLD_PARALLELISM) {
        await Promise.all(keys.slice(i, i + FOLD_PARALLELISM).map(async (key) => {
          const db = this.#cache.get(key)!;
          // The state and its count of changes as they are now (both change in the same tick): the file may hold changes
          // made after the rotation, and start-up then skips their lines (see readJournal).
          await (db.adapter as ReturnType<typeof tenantFile>).writeOffThread(tenantFileOf(db.data, this.#journaled.get(key) ?? 0));
          this.#folding.delete(key);
        }));
      }
      await this.outboxIndex.save();
      journal.foldedUpTo();
      this.#evictIdle();
    } catch (error) {
      for (const key of this.#folding) this.#dirty.add(key);
      this.#folding.clear();
      throw error;
    }
  }

  /**
   * Tenants whose outbox emptied leave the index in batches, a little later: a tenant that notifies often would
   * otherwise rewrite the index twice per notification. An entry that stays a while is harmless.
   */
  #pruneSoon(key: string): void {
    this.#emptied.add(key);
    if (this.#pruneTimer) return;
    this.#pruneTimer = setTimeout(() => void this.#prune(), this.#pruneDelayMs);
    this.#pruneTimer.unref();
  }

  async #prune(): Promise<void> {
    clearTimeout(this.#pruneTimer);
    this.#pruneTimer = undefined;
    const candidates = [...this.#emptied];
    this.#emptied.clear();
    const empty: string[] = [];
    // Checked under each tenant's lock: a notification queued meanwhile re-adds the tenant before its write, so
    // removing it here can't lose it (the index always writes its latest in-memory list).
    for (const key of candidates) {
      await this.#mutex.run(key, async () => {
        const current = this.#cache.get(key)?.data;
        if (current && current.outbox.length === 0) empty.push(key);
      });
    }
    // Checked again now, in the same tick as the removal: a change that queued a notification after its tenant's check
    // above found the tenant still listed and so did not write the index; dropping the tenant now would lose that
    // notification. A tenant with a change under way stays listed; that change prunes it again if it empties.
    const stillEmpty = empty.filter((key) => !this.#mutex.isBusy(key) && this.#cache.get(key)?.data.outbox.length === 0);
    // Failing to drop entries is harmless: they stay, and the sender finds their outboxes empty.
    await this.outboxIndex.removeMany(stillEmpty).catch(() => undefined);
  }

  /** A draft the store would refuse to load is never written: it would lock everyone out of the tenant. */
  #assertReadable(key: string, changes: DraftChanges, draft: TenantState): void {
    const problem = draftProblem(changes);
    if (problem) throw new Error(`Refusing to write tenant ${key}: the change does not match the tenant schema (${problem})`);
    if (draft.tenant.id.toLowerCase() !== key) throw new Error(`Refusing to write tenant ${key}: the change names tenant ${draft.tenant.id}`);
  }

  /** The indexes are written before the tenant file, so a crash can only leave them with an extra entry. */
  async #markBeforeWrite(key: string, before: TenantState, after: TenantState, changes: DraftChanges): Promise<void> {
    if (after.outbox.length > 0) {
      if (this.journal) this.outboxIndex.note(key);
      else await this.outboxIndex.add(key);
    }
    // A partner new to the tenant can only be in an entry the change added or edited.
    const named = freshPartners(changes);
    if (named.size === 0) return;
    for (const partnerId of named) {
      if (!dealtWith(before, partnerId)) await this.partnerIndex.add(partnerId, key);
    }
  }

  #create(key: string): Low<TenantState> {
    return new Low<TenantState>(tenantFile(this.layout.tenant(key)), emptyTenant(key));
  }

  async #load(key: string): Promise<Low<TenantState> | undefined> {
    const cached = this.#cache.get(key);
    if (cached) {
      // Map order is recency order: re-inserting marks the tenant as just used.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#readFile(key).finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  async #readFile(key: string): Promise<Low<TenantState> | undefined> {
    this.#tenantsDirReady ??= mkdir(this.layout.tenantsDir, { recursive: true });
    await this.#tenantsDirReady;
    const stored = await this.#parseFile(key);
    if (!stored) return undefined;
    const db = this.#create(key);
    db.data = stored.state;
    this.#journaled.set(key, stored.journaled);
    this.#cache.set(key, db);
    this.#evictIdle();
    return db;
  }

  /** The tenant as its file holds it, checked and frozen; undefined when there is no file. */
  async #parseFile(key: string): Promise<{ state: TenantState; journaled: number } | undefined> {
    const file = await tenantFile(this.layout.tenant(key)).read();
    if (file === null) return undefined;
    const { state, journaled } = storedTenant(file);
    if (state.tenant.id.toLowerCase() !== key) {
      throw new StoreFileInvalidError(this.layout.tenant(key), `it holds tenant ${state.tenant.id}, not ${key}`);
    }
    return { state: deepFreeze(shareRepeatedStrings(state)), journaled };
  }

  #evictIdle(): void {
    if (this.#cache.size <= this.#cacheSize) return;
    for (const key of this.#cache.keys()) {
      if (this.#cache.size <= this.#cacheSize) break;
      if (this.#mutex.isBusy(key) || this.#dirty.has(key) || this.#folding.has(key)) continue;
      this.#cache.delete(key);
      this.#journaled.delete(key);
    }
  }
}

/** The partners named in the invitations, relationships and contact requests a change added or edited. */
function freshPartners(changes: DraftChanges): Set<string> {
  const fresh = <K extends 'invitations' | 'relationships' | 'contactRequests'>(part: K) => Object.values(changes.fresh[part] as Record<string, TenantState[K][number]>);
  return partnersNamed(fresh('invitations'), fresh('relationships'), fresh('contactRequests'));
}

/** The partners a tenant has dealt with, as the partner-customer index must list them. */
export function partnersIn(state: TenantState): Set<string> {
  return partnersNamed(state.invitations, state.relationships, state.contactRequests);
}

/**
 * Whether the tenant had already dealt with the partner: the question every change that names a partner asks, answered
 * at the first entry that names it rather than by listing every partner of the tenant.
 */
function dealtWith(state: TenantState, partnerId: string): boolean {
  return state.relationships.some((r) => r.partnerId === partnerId)
    || state.invitations.some((i) => i.partnerId === partnerId)
    || state.contactRequests.some((request) => request.partnerIds.includes(partnerId));
}

function partnersNamed(invitations: readonly Invitation[], relationships: readonly Relationship[], contactRequests: readonly ContactRequest[]): Set<string> {
  const ids = new Set<string>();
  for (const invitation of invitations) ids.add(invitation.partnerId);
  for (const relationship of relationships) ids.add(relationship.partnerId);
  for (const request of contactRequests) for (const id of request.partnerIds) ids.add(id);
  return ids;
}
