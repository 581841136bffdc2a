import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { DEFAULT_OUT } from '../../manifest/packageApp.js';
import { manifestSchemaErrors } from '../../manifest/validateManifest.js';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'manifest', 'packageApp.ts');
const tsx = import.meta.resolve('tsx');
const APP_ID = 'a1b2c3d4-e5f6-4789-abcd-0123456789ef';

interface Run { code: number; stdout: string; stderr: string }

/** Runs the real script in its own process, from `cwd`, with only the variables given (plus PATH/HOME). */
function runPackage(cwd: string, vars: Record<string, string>, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...vars };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsx, script, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run package (manifest/packageApp.ts)', () => {
  let dir: string;
  let out: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'partner-desk-package-'));
    out = join(dir, 'appPackage', 'partner-desk.zip');
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes build/appPackage/partner-desk.zip by default', () => {
    assert.equal(DEFAULT_OUT, join(root, 'build', 'appPackage', 'partner-desk.zip'));
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.package, 'tsx manifest/packageApp.ts');
    assert.equal(scripts.icons, 'tsx manifest/makeIcons.ts');
  });

  it('packs exactly manifest.json, color.png and outline.png, with the app id filled in, and prints the path', async () => {
    const run = await runPackage(dir, { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'partner-desk.example.com' }, ['--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), out);

    const zip = await JSZip.loadAsync(await readFile(out));
    const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name).sort();
    assert.deepEqual(names, ['color.png', 'manifest.json', 'outline.png']);
    assert.equal(Object.values(zip.files).filter((f) => f.dir).length, 0, 'no folders: files sit at the zip root');

    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { id: string; bots: { botId: string }[]; validDomains: string[] };
    assert.equal(manifest.id, APP_ID);
    assert.equal(manifest.bots[0]?.botId, APP_ID);
    assert.deepEqual(manifest.validDomains, ['partner-desk.example.com']);
    assert.deepEqual(manifestSchemaErrors(manifest), []);

    for (const icon of ['color.png', 'outline.png']) {
      const packed = await zip.file(icon)!.async('nodebuffer');
      assert.ok(packed.equals(readFileSync(join(root, 'manifest', icon))), `${icon} is the committed icon`);
    }
  });

  it('reads MicrosoftAppId from a .env file in the current directory', async () => {
    await writeFile(join(dir, '.env'), `# bot registration\nMicrosoftAppId=${APP_ID}\n`);
    const run = await runPackage(dir, {}, [`--out=${out}`]);
    assert.equal(run.code, 0, run.stderr);
    const zip = await JSZip.loadAsync(await readFile(out));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { id: string; validDomains: string[] };
    assert.equal(manifest.id, APP_ID);
    assert.deepEqual(manifest.validDomains, []);
  });

  it('refuses when MicrosoftAppId is missing: exit code 1, a clear message, no zip', async () => {
    const run = await runPackage(dir, {}, ['--out', out]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Cannot package the Teams app: MicrosoftAppId is not set/);
    assert.equal(run.stdout, '');
    assert.equal(existsSync(out), false);
  });

  it('refuses an app id that is not a GUID: exit code 1, a clear message, no zip', async () => {
    const run = await runPackage(dir, { MicrosoftAppId: 'partner-desk-bot' }, ['--out', out]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /MicrosoftAppId must be a GUID .*got "partner-desk-bot"/);
    assert.equal(existsSync(out), false);
  });

  it('refuses a BOT_DOMAIN that is a URL rather than a host name', async () => {
    const run = await runPackage(dir, { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'https://partner-desk.example.com/api/messages' }, ['--out', out]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /BOT_DOMAIN must be a host name/);
    assert.equal(existsSync(out), false);
  });
});
