import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO } from '../../../storage/demoIdentities.js';
import type { BotHarness } from '../../support/botHarness.js';
import { businessState } from '../../support/storedState.js';

export const NORTHWIND = DEMO.northwind.tenantId;
export const TAILSPIN = DEMO.tailspin.tenantId;
export const ADATUM = DEMO.partners.adatum.tenantId;

/** Every tenant the demo store starts with: the two customers and the seven partners. */
export const SEEDED_TENANTS: readonly string[] = [NORTHWIND, TAILSPIN, ...Object.values(DEMO.partners).map((p) => p.tenantId)];

/** A readable name for a tenant id, for failure messages. */
export function tenantName(tenantId: string): string {
  if (tenantId === NORTHWIND) return 'Northwind';
  if (tenantId === TAILSPIN) return 'Tailspin';
  const partner = Object.values(DEMO.partners).find((p) => p.tenantId === tenantId);
  return partner ? partner.name : tenantId;
}

/** One tenant as stored: the file's exact bytes, and its business state (see test/support/storedState.ts). */
export interface TenantSnapshot {
  raw: string;
  business: string;
}

/** The whole store as the tests compare it: every tenant file, and the partner-customer index. */
export interface StoreSnapshot {
  tenants: Map<string, TenantSnapshot>;
  partnerIndex: Map<string, string>;
}

async function readFolder(folder: string, suffix: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith(suffix)).sort()) {
    files.set(name.slice(0, -suffix.length), await readFile(path.join(folder, name), 'utf-8'));
  }
  return files;
}

/**
 * Waits for every write under way, then reads every tenant file on disk (exact bytes, so any write shows, even one
 * that only touches remembered conversations) and the business state the store serves for it.
 */
export async function snapshotStore(bot: BotHarness): Promise<StoreSnapshot> {
  await bot.app.store.tenants.flush();
  const files = await readFolder(bot.app.store.layout.tenantsDir, '.json');
  const tenants = new Map<string, TenantSnapshot>();
  for (const [id, raw] of files) {
    tenants.set(id, { raw, business: JSON.stringify(businessState(await bot.app.store.tenants.read(id))) });
  }
  return { tenants, partnerIndex: await readFolder(bot.app.store.layout.partnerCustomersDir, '.txt') };
}

export interface StoreDiff {
  /** Tenants whose business state changed (or that appeared with some). */
  business: string[];
  /** Tenants whose file changed at all, including remembered conversations and delivery bookkeeping. */
  raw: string[];
  /** Tenant files that did not exist before. */
  added: string[];
  removed: string[];
  /** Partners whose customer index changed. */
  partnerIndex: string[];
}

export function diffStores(before: StoreSnapshot, after: StoreSnapshot): StoreDiff {
  const ids = new Set([...before.tenants.keys(), ...after.tenants.keys()]);
  const diff: StoreDiff = { business: [], raw: [], added: [], removed: [], partnerIndex: [] };
  for (const id of ids) {
    const a = before.tenants.get(id);
    const b = after.tenants.get(id);
    if (!a) diff.added.push(id);
    if (!b) diff.removed.push(id);
    if (a?.raw !== b?.raw) diff.raw.push(id);
    if (a?.business !== b?.business) diff.business.push(id);
  }
  for (const id of new Set([...before.partnerIndex.keys(), ...after.partnerIndex.keys()])) {
    if (before.partnerIndex.get(id) !== after.partnerIndex.get(id)) diff.partnerIndex.push(id);
  }
  return diff;
}

/**
 * Business state of the seeded tenants (plus who they are and their directory users) straight from the store's
 * cache: cheap enough to compare after every request.
 */
export async function businessOfSeeded(bot: BotHarness): Promise<string> {
  const states = await Promise.all(SEEDED_TENANTS.map(async (id) => {
    const state = await bot.app.store.tenants.read(id);
    return { tenant: state?.tenant, users: state?.users, ...businessState(state) };
  }));
  return JSON.stringify(states);
}
