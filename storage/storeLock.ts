import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/** Another running process holds the store: two writers would overwrite each other's changes. */
export class StoreLockedError extends Error {
  constructor(readonly file: string, holder: string) {
    super(`The store is in use by another Partner Desk process (${holder}). Stop it first; if it is gone for good, delete ${file}.`);
    this.name = 'StoreLockedError';
  }
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on a store folder: a `.lock` file naming the process that holds it. A lock left by a process that
 * is no longer running on this host (a crash, kill -9) is taken over; a live one refuses the second process.
 */
export class StoreLock {
  /** `owned` is false when this process already held the lock (a second open in the same process): only the first releases it. */
  private constructor(readonly file: string, private readonly owned: boolean) {}

  static async acquire(root: string): Promise<StoreLock> {
    const file = path.join(root, '.lock');
    const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(JSON.stringify(me));
        await handle.close();
        return new StoreLock(file, true);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(file);
      if (holder?.pid === me.pid && holder.host === me.host) return new StoreLock(file, false);
      const stale = !holder || (holder.host === me.host && !isAlive(holder.pid));
      if (!stale) throw new StoreLockedError(file, `pid ${holder.pid} on ${holder.host}, since ${holder.since}`);
      await unlink(file).catch(() => undefined);
    }
    throw new StoreLockedError(file, 'another process kept taking it');
  }

  async release(): Promise<void> {
    if (!this.owned) return;
    const holder = await readHolder(this.file);
    if (holder?.pid === process.pid) await unlink(this.file).catch(() => undefined);
  }
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf-8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since) } : undefined;
  } catch {
    return undefined;
  }
}
