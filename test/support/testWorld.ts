import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor, DomainDeps } from '../../domain/deps.js';
import { DEFAULT_SETTINGS } from '../../domain/deps.js';
import type { Clock, IdSource, RoleSource } from '../../domain/ports.js';
import { demoSeed } from '../../storage/demoData.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { openStore, type OpenedStore, type StoreSeed } from '../../storage/openStore.js';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date { return new Date(this.current); }
  advanceDays(days: number): void { this.current = new Date(this.current.getTime() + days * 86_400_000); }
  advanceMs(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
}

export class SequentialIds implements IdSource {
  #next = 1;
  newId(): string { return `id-${String(this.#next++).padStart(6, '0')}`; }
}

export const START = new Date('2026-11-25T10:00:00.000Z');

export interface TestWorld {
  dir: string;
  opened: OpenedStore;
  deps: DomainDeps;
  clock: ManualClock;
  /** Opens the same folder again, as a restarted process would. */
  reopen(): Promise<OpenedStore>;
  dispose(): Promise<void>;
}

/** A real store in a fresh temp folder, seeded with the demo data as of START (its states frozen, as every store's). */
export async function createTestWorld(options: { seed?: StoreSeed; roles?: RoleSource; journal?: boolean } = {}): Promise<TestWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-test-'));
  const clock = new ManualClock(START);
  const opened = await openStore(dir, { seed: options.seed ?? demoSeed(START), journal: options.journal });
  const deps: DomainDeps = {
    store: opened.tenants,
    directory: opened.directory,
    roles: options.roles ?? opened.roles,
    clock,
    ids: new SequentialIds(),
    settings: DEFAULT_SETTINGS,
  };
  return {
    dir, opened, deps, clock,
    reopen: () => openStore(dir, { journal: options.journal }),
    dispose: async () => {
      await opened.tenants.flush();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function actor(tenantId: string, user: { objectId: string; name: string }): Actor {
  return { tenantId, objectId: user.objectId, displayName: user.name };
}

const N = DEMO.northwind;
/** Everyone the rules tell apart, as Teams would identify them. */
export const ACTORS = {
  globalAdmin: actor(N.tenantId, N.users.globalAdmin),
  billingAdmin: actor(N.tenantId, N.users.billingAdmin),
  helpdeskAdmin: actor(N.tenantId, N.users.helpdeskAdmin),
  globalReader: actor(N.tenantId, N.users.globalReader),
  plainUser: actor(N.tenantId, N.users.plainUser),
  partnerStaff: actor(DEMO.partners.adatum.tenantId, DEMO.partners.adatum.staff),
  otherTenantAdmin: actor(DEMO.tailspin.tenantId, DEMO.tailspin.users.globalAdmin),
} as const;

export type ActorName = keyof typeof ACTORS;

export function partnerActor(partner: keyof typeof DEMO.partners): Actor {
  const p = DEMO.partners[partner];
  return actor(p.tenantId, p.staff);
}
