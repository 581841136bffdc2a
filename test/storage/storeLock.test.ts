import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../storage/openStore.js';
import { StoreLockedError } from '../../storage/storeLock.js';

describe('the store lock', () => {
  let dir: string;
  let other: ChildProcess | undefined;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-lock-')); });
  afterEach(async () => {
    other?.kill('SIGKILL');
    other = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const lockFile = () => path.join(dir, '.lock');
  const heldBy = (pid: number) => writeFile(lockFile(), JSON.stringify({ pid, host: hostname(), since: '2026-11-25T10:00:00.000Z' }));

  it('refuses a second process while the first is running, naming it, and touches nothing', async () => {
    await (await openStore(dir)).release();
    other = spawn('sleep', ['30']);
    await heldBy(other.pid!);
    const before = await readFile(lockFile(), 'utf-8');
    await assert.rejects(openStore(dir), (error: unknown) => error instanceof StoreLockedError && error.message.includes(`pid ${other!.pid}`) && error.message.includes(lockFile()));
    assert.equal(await readFile(lockFile(), 'utf-8'), before);
  });

  it('takes over a lock left by a process that is gone (a crash or kill -9)', async () => {
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    await heldBy(gone.pid!);
    const store = await openStore(dir);
    assert.equal(JSON.parse(await readFile(lockFile(), 'utf-8')).pid, process.pid);
    await store.release();
  });

  it('is released on close, so the next process opens the store', async () => {
    const store = await openStore(dir);
    assert.ok(existsSync(lockFile()));
    await store.release();
    assert.equal(existsSync(lockFile()), false);
  });

  it('is released when opening fails, e.g. on a corrupt file', async () => {
    await (await openStore(dir)).release();
    await writeFile(path.join(dir, 'directory.json'), '{ not json');
    await assert.rejects(openStore(dir), /directory\.json/);
    assert.equal(existsSync(lockFile()), false);
  });
});
