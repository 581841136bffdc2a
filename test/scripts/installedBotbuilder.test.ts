import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudAdapter, TeamsActivityHandler, TurnContext } from 'botbuilder';
import { botbuilderBuildWarning, isGeneratorEmit } from '../../bot/botbuilderBuild.js';
import { BOTBUILDER_PACKAGES, findBotbuilderCopies, rewritePackage } from '../../scripts/nativeAsync/rewriteBotbuilder.js';
import { emitES2015, loadCommonJs } from '../support/es2015Emit.js';

const NODE_MODULES = path.resolve('node_modules');
const ASYNC_MODULE = emitES2015('export async function f() { await null; return 1; }');

describe('rewriteBotbuilder (the postinstall step)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'native-async-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(file: string, text: string) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }

  it('finds every copy of botbuilder\'s packages, nested ones too, and nothing else', () => {
    write('node_modules/botbuilder/package.json', '{}');
    write('node_modules/botbuilder/node_modules/botframework-schema/package.json', '{}');
    write('node_modules/@scope/thing/node_modules/botbuilder-core/package.json', '{}');
    write('node_modules/left-pad/package.json', '{}');
    const copies = findBotbuilderCopies(path.join(root, 'node_modules')).map((dir) => path.relative(root, dir)).sort();
    assert.deepEqual(copies, [
      'node_modules/@scope/thing/node_modules/botbuilder-core',
      'node_modules/botbuilder',
      'node_modules/botbuilder/node_modules/botframework-schema',
    ]);
  });

  it('leaves a file it cannot write as it was, says why, and goes on with the others', () => {
    write('pkg/lib/a.js', ASYNC_MODULE);
    write('pkg/lib/b.js', ASYNC_MODULE);
    mkdirSync(path.join(root, 'pkg/lib/a.js.native-async.tmp'));
    const result = rewritePackage(path.join(root, 'pkg'));
    assert.deepEqual({ files: result.files, rewritten: result.rewritten }, { files: 1, rewritten: 1 });
    assert.equal(result.skipped.length, 1);
    assert.equal(result.skipped[0]!.file, path.join(root, 'pkg/lib/a.js'));
    assert.match(result.skipped[0]!.reason, /EISDIR/);
    assert.equal(readFileSync(path.join(root, 'pkg/lib/a.js'), 'utf8'), ASYNC_MODULE);
  });

  it('rewrites a package\'s lib in place, leaves what it cannot parse, and does nothing the second time', () => {
    write('pkg/lib/a.js', ASYNC_MODULE);
    write('pkg/lib/deep/b.js', ASYNC_MODULE);
    write('pkg/lib/plain.js', 'module.exports = 1;\n');
    write('pkg/lib/broken.js', `${ASYNC_MODULE}\n__awaiter(`);
    write('pkg/lib/node_modules/dep/index.js', ASYNC_MODULE);
    const first = rewritePackage(path.join(root, 'pkg'));
    assert.deepEqual({ files: first.files, rewritten: first.rewritten, left: first.left }, { files: 2, rewritten: 2, left: 0 });
    assert.deepEqual(first.skipped.map((skip) => skip.file), [path.join(root, 'pkg/lib/broken.js')]);
    assert.match(readFileSync(path.join(root, 'pkg/lib/deep/b.js'), 'utf8'), /\(async function\(\) \{/);
    assert.equal(readFileSync(path.join(root, 'pkg/lib/node_modules/dep/index.js'), 'utf8'), ASYNC_MODULE);
    write('pkg/lib/c.js', ASYNC_MODULE);
    const counted = rewritePackage(path.join(root, 'pkg'), { write: false });
    assert.deepEqual({ files: counted.files, rewritten: counted.rewritten }, { files: 1, rewritten: 1 });
    assert.equal(readFileSync(path.join(root, 'pkg/lib/c.js'), 'utf8'), ASYNC_MODULE);
    rmSync(path.join(root, 'pkg/lib/c.js'));
    const second = rewritePackage(path.join(root, 'pkg'));
    assert.deepEqual({ files: second.files, rewritten: second.rewritten }, { files: 0, rewritten: 0 });
  });
});

describe('the installed botbuilder', () => {
  it('has every package rewritten: no async method left as a generator', () => {
    const copies = findBotbuilderCopies(NODE_MODULES);
    assert.deepEqual(new Set(copies.map((dir) => path.basename(dir))), new Set(BOTBUILDER_PACKAGES));
    for (const dir of copies) {
      const { rewritten, left, skipped } = rewritePackage(dir, { write: false });
      assert.deepEqual({ rewritten, left, skipped }, { rewritten: 0, left: 0, skipped: [] }, `${dir} still has generator-based async methods`);
    }
  });

  it('is what the bot loads: its adapter and handler run native async methods', () => {
    for (const method of [CloudAdapter.prototype.process, TeamsActivityHandler.prototype.run, TurnContext.prototype.sendActivity]) {
      assert.match(method.toString(), /\(async function\(/);
      assert.doesNotMatch(method.toString(), /__awaiter/);
    }
  });
});

describe('botbuilderBuildWarning', () => {
  it('tells a function compiled to generators from a native async one', () => {
    const generatorEmit = loadCommonJs(ASYNC_MODULE)['f'] as () => Promise<number>;
    assert.equal(isGeneratorEmit(generatorEmit), true);
    assert.equal(isGeneratorEmit(CloudAdapter.prototype.process), false);
    assert.equal(isGeneratorEmit(async (a: number) => a), false);
  });

  it('says nothing about this install, where botbuilder was rewritten', () => {
    assert.equal(botbuilderBuildWarning(), undefined);
  });
});
