import { mkdir, readdir, rm } from 'node:fs/promises';
import { Low } from 'lowdb';
import { z } from 'zod4';
import type { Partner, TenantState } from '../domain/model.js';
import { ChangeJournal, type JournalRecovery, readJournal } from './changeJournal.js';
import { JsonPartnerDirectory } from './jsonPartnerDirectory.js';
import { JsonTenantStore, partnersIn, type TenantStoreOptions } from './jsonTenantStore.js';
import { OutboxPendingIndex } from './outboxPendingIndex.js';
import { PartnerCustomerIndex } from './partnerCustomerIndex.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { StoreLayout } from './storeLayout.js';
import { StoreLock } from './storeLock.js';
import { StoreRoleSource } from './storeRoleSource.js';
import { tenantFile, tenantFileOf } from './tenantFile.js';
import { ValidatedJsonFile } from './validatedJsonFile.js';

export const STORE_SCHEMA_VERSION = 1;
export const MetaSchema = z.object({ schemaVersion: z.literal(STORE_SCHEMA_VERSION), createdAt: z.string() });
type Meta = z.infer<typeof MetaSchema>;

/** What a new store starts with. */
export interface StoreSeed {
  partners: Partner[];
  tenants: TenantState[];
}

export interface OpenStoreOptions extends TenantStoreOptions {
  /** Data written when the folder holds no store yet (the demo data for `npm start`). */
  seed?: StoreSeed | undefined;
  /**
   * Acknowledge a change once it is appended to the journal (the default), or only once its tenant file is rewritten.
   * Either way, a journal left by an earlier run is folded into the tenant files on opening.
   */
  journal?: boolean;
}

export interface OpenedStore {
  layout: StoreLayout;
  tenants: JsonTenantStore;
  directory: JsonPartnerDirectory;
  roles: StoreRoleSource;
  /** True when this call created the store. */
  created: boolean;
  /** Lets another process open the folder (the lock is also taken over after a crash). */
  release(): Promise<void>;
}

/**
 * Opens the store in `root`, creating it (with the seed, if given) when the folder holds none. Every file read here
 * is validated; one that fails stops the opening with a StoreFileInvalidError naming it, and is never rewritten.
 * Tenant files load lazily later, except those with undelivered notifications, which are checked now.
 */
export async function openStore(root: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const layout = new StoreLayout(root);
  await mkdir(root, { recursive: true });
  const lock = await StoreLock.acquire(root);
  try {
    return await openLocked(layout, root, options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openLocked(layout: StoreLayout, root: string, options: OpenStoreOptions, lock: StoreLock): Promise<OpenedStore> {
  const meta = new Low<Meta | null>(new ValidatedJsonFile<Meta | null>(layout.meta, MetaSchema), null);
  await meta.read();
  let created = false;
  if (meta.data === null) {
    const leftovers = (await readdir(root)).filter((name) => !name.startsWith('.'));
    if (leftovers.length > 0) {
      throw new StoreFileInvalidError(layout.meta, `it is missing but ${root} already holds ${leftovers.join(', ')}; refusing to start a new store over it`);
    }
    created = true;
  }

  if (created) await JsonPartnerDirectory.save(layout.directory, options.seed?.partners ?? []);
  const directory = await JsonPartnerDirectory.load(layout.directory);
  const outboxIndex = await OutboxPendingIndex.open(layout);
  const partnerIndex = new PartnerCustomerIndex(layout);
  await foldIntoFiles(layout, readJournal(layout), outboxIndex, partnerIndex);
  const journal = options.journal === false ? undefined : ChangeJournal.open(layout);
  const tenants = new JsonTenantStore(layout, outboxIndex, partnerIndex, options, journal);

  if (created) {
    for (const seeded of options.seed?.tenants ?? []) {
      await tenants.transact(seeded.tenant.id, (draft) => {
        Object.assign(draft, structuredClone(seeded));
        return { commit: true, value: undefined };
      });
    }
    await tenants.checkpoint();
    // meta.json last: a crash while seeding leaves a folder that is refused, not a half-seeded store taken as whole.
    meta.data = { schemaVersion: STORE_SCHEMA_VERSION, createdAt: new Date().toISOString() };
    await meta.write();
  } else {
    for (const tenantId of outboxIndex.list()) await tenants.read(tenantId);
  }

  const release = async () => {
    journal?.close();
    await lock.release();
  };
  return { layout, tenants, directory, roles: new StoreRoleSource(tenants), created, release };
}

/**
 * Writes the newest state the journal holds of each tenant to its file, lists the tenants in the indexes as a change
 * would have, then deletes the segments. A crash part way leaves the segments, and the next opening does it again.
 */
async function foldIntoFiles(layout: StoreLayout, recovery: JournalRecovery, outboxIndex: OutboxPendingIndex, partnerIndex: PartnerCustomerIndex): Promise<void> {
  if (recovery.segments.length === 0) return;
  await mkdir(layout.tenantsDir, { recursive: true });
  for (const [key, { state, journaled }] of recovery.tenants) {
    for (const partnerId of partnersIn(state)) await partnerIndex.add(partnerId, key);
    if (state.outbox.length > 0) outboxIndex.note(key);
    await tenantFile(layout.tenant(key)).write(tenantFileOf(state, journaled));
  }
  await outboxIndex.save();
  for (const segment of recovery.segments) await rm(segment);
}
