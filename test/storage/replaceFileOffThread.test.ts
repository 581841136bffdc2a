import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { replaceFileOffThread, temporaryFileOf } from '../../storage/replaceFileOffThread.js';

describe('replaceFileOffThread', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'replace-file-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('replaces the file with the text as UTF-8 and leaves no temporary file', async () => {
    const file = path.join(dir, 'tenant.json');
    await writeFile(file, JSON.stringify({ note: 'an older and much longer text '.repeat(100) }));
    const text = JSON.stringify({ name: 'Contoso › Fabrikam · Ünïcode ✓ 🚀', rows: Array.from({ length: 300 }, (_, i) => `row ${i}`) });
    await replaceFileOffThread(file, text);
    assert.equal(await readFile(file, 'utf-8'), text);
    assert.deepEqual(await readdir(dir), ['tenant.json']);
  });

  it('leaves the old file as it was when the new one cannot be written', async () => {
    const file = path.join(dir, 'tenant.json');
    await writeFile(file, '{"old":true}');
    // A directory where the temporary file goes: opening it for writing fails.
    await mkdir(temporaryFileOf(file));
    await assert.rejects(replaceFileOffThread(file, '{"new":true}'), { code: 'EISDIR' });
    assert.equal(await readFile(file, 'utf-8'), '{"old":true}');
  });

  it('hands the text to the write: no ArrayBuffer is left for a later collection to free', async () => {
    // Writing the same files with fs.promises.writeFile(text), as lowdb's writer does, grew this by the whole 4 MB.
    const texts = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, rows: 'x'.repeat(200_000) }));
    const before = process.memoryUsage().arrayBuffers;
    for (const [i, text] of texts.entries()) await replaceFileOffThread(path.join(dir, `t${i}.json`), text);
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 500_000, `array buffers grew by ${grown} bytes over 4 MB written`);
    assert.equal(await readFile(path.join(dir, 't7.json'), 'utf-8'), texts[7]);
  });
});
