import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoSeed } from '../../storage/demoData.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { openStore, type OpenedStore } from '../../storage/openStore.js';
import { START } from '../support/testWorld.js';
import { recordChange, snapshotTree, TempFolders } from './storeHelpers.js';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const CHECKER = path.join(PROJECT, 'storage', 'checkStore.ts');
const TSX = import.meta.resolve('tsx');
const DEMO_TENANTS = demoSeed(START).tenants.length;

interface Run { code: number; lines: string[] }

/** Runs the checker as `npm run store:check` does (tsx), in its own process. */
async function runChecker(options: { args?: string[]; env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.['STORE_DIR']) delete env['STORE_DIR'];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, CHECKER, ...(options.args ?? [])], { cwd: options.cwd ?? PROJECT, env });
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, lines: `${failed.stdout ?? ''}`.trim().split('\n').concat(failed.stderr ? [`stderr: ${failed.stderr}`] : []) };
  }
}

describe('the store checker (npm run store:check)', () => {
  const folders = new TempFolders();
  let dir: string;
  let store: OpenedStore;
  beforeEach(async () => {
    dir = await folders.make();
    store = await openStore(dir, { seed: demoSeed(START) });
    await recordChange(store, DEMO.northwind.tenantId, 'queued', { notify: true });
    // As a graceful stop leaves it: every change written to its tenant file, the journal empty.
    await store.tenants.flush();
  });
  afterEach(() => folders.cleanup());

  /** Runs the checker on `dir` and asserts it wrote, created and removed nothing there. */
  async function check(args = [dir]): Promise<Run> {
    const before = await snapshotTree(dir);
    const run = await runChecker({ args });
    assert.deepEqual(await snapshotTree(dir), before, 'the checker wrote nothing');
    return run;
  }

  it('passes a good store: exit code 0 and the summary only', async () => {
    const run = await check();
    assert.deepEqual(run, { code: 0, lines: [`checked ${DEMO_TENANTS} tenant files, 0 problems`] });
  });

  it('reports a corrupt tenant file on one line naming the file and the problem, and exits with 1', async () => {
    const file = store.layout.tenant(DEMO.tailspin.tenantId);
    await writeFile(file, '{"schemaVersion":1,"tenant":{"id":"2222');

    const run = await check();

    assert.equal(run.code, 1);
    assert.equal(run.lines.length, 2, run.lines.join('\n'));
    assert.match(run.lines[0]!, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON`));
    assert.equal(run.lines[1], `checked ${DEMO_TENANTS} tenant files, 1 problems`);
  });

  it('checks every tenant file, not only those the store would load at start-up', async () => {
    await writeFile(store.layout.tenant(DEMO.partners.relecloud.tenantId), JSON.stringify({ schemaVersion: 2 }));
    await writeFile(store.layout.tenant(DEMO.partners.litware.tenantId), JSON.stringify({ ...demoSeed(START).tenants[2], tenant: { id: DEMO.partners.adatum.tenantId, displayName: 'Adatum' } }));

    const run = await check();

    assert.equal(run.code, 1);
    assert.equal(run.lines.at(-1), `checked ${DEMO_TENANTS} tenant files, 2 problems`);
    assert.ok(run.lines.some((l) => l.startsWith(`${store.layout.tenant(DEMO.partners.relecloud.tenantId)}: `) && l.includes('schemaVersion')), run.lines.join('\n'));
    assert.ok(run.lines.some((l) => l.startsWith(`${store.layout.tenant(DEMO.partners.litware.tenantId)}: holds tenant ${DEMO.partners.adatum.tenantId}`)), run.lines.join('\n'));
  });

  it('reports corrupt meta.json, directory.json and outbox-pending.json, each by name', async () => {
    await writeFile(store.layout.meta, '{"schemaVersion":7,"createdAt":"x"}');
    await writeFile(store.layout.directory, '');
    await writeFile(store.layout.outboxPending, '{"schemaVersion":1,"tenants":["../x"]}');

    const run = await check();

    assert.equal(run.code, 1);
    for (const [file, problem] of [[store.layout.meta, 'schemaVersion'], [store.layout.directory, 'not JSON'], [store.layout.outboxPending, 'tenants.0']] as const) {
      assert.ok(run.lines.some((l) => l.startsWith(`${file}: `) && l.includes(problem)), `${file}: ${problem}\n${run.lines.join('\n')}`);
    }
  });

  it('reports index entries the tenant files need but the indexes lack', async () => {
    await rm(store.layout.outboxPending);
    await writeFile(store.layout.partnerCustomers('woodgrove'), '');

    const run = await check();

    assert.equal(run.code, 1);
    const northwind = store.layout.tenant(DEMO.northwind.tenantId);
    assert.deepEqual(run.lines.slice(0, -1).sort(), [
      `${northwind}: deals with partner woodgrove but partner-customers/woodgrove.txt does not list it; the partner would not see this customer`,
      `${northwind}: has 1 undelivered notification(s) but outbox-pending.json does not list it; they would never be sent`,
    ]);
  });

  it('reports files the store would never read, and ignores the temp files of interrupted writes', async () => {
    const upperCase = DEMO.partners.contoso.tenantId.toUpperCase();
    await writeFile(path.join(store.layout.tenantsDir, `${upperCase}.json`), '{}');
    await writeFile(path.join(store.layout.tenantsDir, `.${DEMO.northwind.tenantId}.json.tmp`), '{"half');
    await writeFile(path.join(store.layout.partnerCustomersDir, 'contoso.txt'), `${DEMO.northwind.tenantId}\nnot-an-id\n${DEMO.tailspin.tenantId}\n`);

    const run = await check();

    assert.equal(run.code, 1);
    assert.equal(run.lines.length, 3, run.lines.join('\n'));
    assert.ok(run.lines.some((l) => l.includes(`${upperCase}.json: not a tenant file`)), run.lines.join('\n'));
    assert.ok(run.lines.some((l) => l.includes('contoso.txt: line 2 is not a tenant id')));
  });

  it('says when the journal holds changes the tenant files lack yet (a store left by a crash), and passes it', async () => {
    await recordChange(store, DEMO.tailspin.tenantId, 'after-the-last-checkpoint');
    const run = await check();
    assert.deepEqual(run, { code: 0, lines: ['the journal holds newer changes to 1 tenant(s); the next start-up writes them to their files', `checked ${DEMO_TENANTS} tenant files, 0 problems`] });
  });

  it('reports a damaged journal segment by file and line, as start-up would refuse it', async () => {
    await mkdir(store.layout.journalDir, { recursive: true });
    await writeFile(store.layout.journalSegment(9), 'garbage\n');
    const run = await check();
    assert.equal(run.code, 1);
    assert.match(run.lines[0]!, /journal\/0000000009\.log: line 1 is not JSON/);
  });

  it('refuses a folder with data but no meta.json, as the store would', async () => {
    await rm(store.layout.meta);
    const run = await check();
    assert.equal(run.code, 1);
    assert.match(run.lines[0]!, /meta\.json: missing, but the folder holds directory\.json/);
  });

  it('fails on a folder holding no store, and does not create it', async () => {
    const missing = path.join(dir, 'no-such-store');
    const run = await check([missing]);
    assert.deepEqual(run, { code: 1, lines: [`${missing}: no store folder here`, 'checked 0 tenant files, 1 problems'] });
  });

  it('takes the folder from STORE_DIR when no argument is given, and defaults to ./data', async () => {
    await writeFile(store.layout.tenant(DEMO.tailspin.tenantId), 'x');
    const fromEnv = await runChecker({ env: { STORE_DIR: dir } });
    assert.equal(fromEnv.code, 1);
    assert.equal(fromEnv.lines.at(-1), `checked ${DEMO_TENANTS} tenant files, 1 problems`);

    const cwd = await folders.make();
    await mkdir(path.join(cwd, 'data'));
    await openStore(path.join(cwd, 'data'), { seed: demoSeed(START) });
    assert.deepEqual(await runChecker({ cwd }), { code: 0, lines: [`checked ${DEMO_TENANTS} tenant files, 0 problems`] });
  });

  it('is the package script store:check', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['store:check'], 'tsx storage/checkStore.ts');
  });
});
