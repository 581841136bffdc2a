import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditEvent, Notification, TenantState } from '../../domain/model.js';
import { emptyTenant } from '../../domain/model.js';
import type { OpenedStore, OpenStoreOptions } from '../../storage/openStore.js';
import { openStore } from '../../storage/openStore.js';

/** Temp folders made by a test, removed by cleanup(). */
export class TempFolders {
  readonly #made: string[] = [];

  async make(prefix = 'partner-desk-store-'): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    this.#made.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** A well-formed tenant id for test tenant number n. */
export function tenantId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const AT = '2026-11-25T10:00:00.000Z';

export function auditEvent(tenant: string, id: string): AuditEvent {
  return { id, at: AT, tenantId: tenant, action: 'test.change', actor: { objectId: 'tester', tenantId: tenant, displayName: 'Tester' }, before: null, after: { id } };
}

export function notification(tenant: string, id: string): Notification {
  return {
    id, createdAt: AT, audience: { kind: 'customerAdmins', tenantId: tenant }, event: 'invitationReceived',
    customerTenantId: tenant, partnerId: 'contoso', data: { id }, attempts: 0, nextAttemptAt: AT,
  };
}

/** A store with no demo data, opened on a fresh temp folder. */
export async function openEmptyStore(folders: TempFolders, options: OpenStoreOptions = {}): Promise<{ dir: string; store: OpenedStore }> {
  const dir = await folders.make();
  return { dir, store: await openStore(dir, options) };
}

/** Records one audit event in the tenant (creating the tenant if needed); the simplest committed change. */
export function recordChange(store: OpenedStore, tenant: string, id: string, options: { notify?: boolean } = {}): Promise<void> {
  return store.tenants.transact(tenant, (draft) => {
    draft.audit.push(auditEvent(tenant, id));
    if (options.notify) draft.outbox.push(notification(tenant, id));
    return { commit: true, value: undefined };
  });
}

export function tenantWith(id: string, change: (state: TenantState) => void = () => {}): TenantState {
  const state = emptyTenant(id, `Tenant ${id.slice(-4)}`);
  change(state);
  return state;
}

export function bytes(file: string): Promise<Buffer> {
  return readFile(file);
}

/** What changes when a file is rewritten: steno's rename gives it a new inode, any write a new mtime. */
export async function identity(file: string): Promise<{ ino: bigint; mtimeNs: bigint; size: bigint }> {
  const s = await stat(file, { bigint: true });
  return { ino: s.ino, mtimeNs: s.mtimeNs, size: s.size };
}

/** Every file under a folder (relative path → bytes), to prove nothing was written, created or removed. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        out.set(`${path.relative(root, full)}/`, '(dir)');
        await walk(full);
      } else {
        const s = await stat(full, { bigint: true });
        out.set(path.relative(root, full), `${(await readFile(full)).toString('base64')} ino=${s.ino} mtime=${s.mtimeNs}`);
      }
    }
  }
  await walk(root);
  return out;
}

export async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf-8'));
}
