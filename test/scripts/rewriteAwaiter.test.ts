import assert from 'node:assert/strict';
import { rewriteAwaiterCalls } from '../../scripts/nativeAsync/rewriteAwaiter.js';
import { emitES2015, type Exports, loadCommonJs } from '../support/es2015Emit.js';

/** The module compiled as botbuilder is, and the same module rewritten; both loaded. */
function both(source: string) {
  const emitted = emitES2015(source);
  assert.match(emitted, /__awaiter\(/, 'the sample compiles to generators');
  const rewrite = rewriteAwaiterCalls(emitted);
  return { emitted, rewrite, generator: loadCommonJs(emitted), native: loadCommonJs(rewrite.code) };
}

type Outcome = { value: unknown } | { error: string };

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Runs `scenario` against each build and asserts the same outcome; returns it. */
async function sameOutcome(source: string, scenario: (m: Exports) => unknown): Promise<Outcome> {
  const { generator, native } = both(source);
  const [before, after] = await Promise.all([outcome(() => scenario(generator)), outcome(() => scenario(native))]);
  assert.deepEqual(after, before);
  return after;
}

describe('rewriteAwaiterCalls', () => {
  it('turns each generator-based async function into a native one, with no __awaiter call left', () => {
    const { rewrite } = both(`
      export async function a(x: number) { return (await Promise.resolve(x)) + 1; }
      export class C { async m() { await a(1); return async () => await a(2); } }`);
    assert.equal(rewrite.rewritten, 3);
    assert.equal(rewrite.left, 0);
    assert.doesNotMatch(rewrite.code, /__awaiter\(this|__awaiter\(void 0|function\*/);
    assert.equal(rewrite.code.match(/async function/g)?.length, 3);
  });

  it('keeps every line where it was, so stack traces and source maps still point at the same lines', () => {
    const { emitted, rewrite } = both(`export class C {\n  async m(a: number,\n b = 2) {\n await null;\n return a + b; }\n}`);
    assert.equal(rewrite.code.split('\n').length, emitted.split('\n').length);
  });

  it('calls with the same this, arguments and parameter defaults', async () => {
    const result = await sameOutcome(
      `export class C {
        constructor(private readonly base: number) {}
        async add(x: number, { y = 10 }: { y?: number } = {}, ...rest: number[]) {
          await null;
          return [this.base + x + y, rest.length, arguments.length];
        }
      }`,
      (m) => new (m['C'] as new (b: number) => { add(...a: unknown[]): Promise<unknown> })(5).add(1, {}, 7, 8),
    );
    assert.deepEqual(result, { value: [16, 2, 4] });
  });

  it('rejects rather than throws, before and after the first await', async () => {
    const source = `export async function early() { throw new Error('early'); }
      export async function late() { await 1; throw new Error('late'); }`;
    const { native } = both(source);
    const early = (native['early'] as () => Promise<unknown>)();
    assert.ok(early instanceof Promise);
    await assert.rejects(early, /early/);
    assert.deepEqual(await sameOutcome(source, (m) => (m['late'] as () => Promise<unknown>)()), { error: 'Error: late' });
  });

  it('runs finally blocks, catches rejected awaits and adopts thenables the same way', async () => {
    const result = await sameOutcome(
      `export async function f() {
        const seen: string[] = [];
        try { await Promise.reject(new Error('no')); } catch (e) { seen.push((e as Error).message); }
        finally { seen.push(String(await { then: (ok: (v: string) => void) => ok('thenable') })); }
        for await (const v of (async function* () { yield 'a'; yield 'b'; })()) seen.push(v);
        return seen;
      }`,
      (m) => (m['f'] as () => Promise<unknown>)(),
    );
    assert.deepEqual(result, { value: ['no', 'thenable', 'a', 'b'] });
  });

  it('keeps super calls and arrow functions nested in an async method working', async () => {
    const result = await sameOutcome(
      `class Base { async name() { return 'base'; } }
      export class Derived extends Base {
        tag = 'derived';
        override async name() {
          const inner = async () => this.tag + ':' + (await super.name());
          return inner();
        }
      }`,
      (m) => new (m['Derived'] as new () => { name(): Promise<string> })().name(),
    );
    assert.deepEqual(result, { value: 'derived:base' });
  });

  it('runs synchronously up to the first await, as the generator did', async () => {
    const source = `export const log: string[] = [];
      export async function f() { log.push('start'); await null; log.push('end'); }`;
    const { native } = both(source);
    const promise = (native['f'] as () => Promise<void>)();
    assert.deepEqual(native['log'], ['start']);
    await promise;
    assert.deepEqual(native['log'], ['start', 'end']);
  });

  it('leaves an async generator, and a call of another shape, as they were', () => {
    const source = `${emitES2015('export async function* g() { yield await Promise.resolve(1); }')}
      __awaiter(this, void 0, CustomPromise, function* () { yield 1; });
      __awaiter(this, void 0, void 0, function* () { yield* other(); });`;
    const rewrite = rewriteAwaiterCalls(source);
    assert.equal(rewrite.rewritten, 0);
    assert.equal(rewrite.left, 2);
    assert.equal(rewrite.code, source);
  });

  it('changes nothing the second time', () => {
    const { rewrite } = both('export async function f() { await null; return async () => { await 1; }; }');
    assert.deepEqual(rewriteAwaiterCalls(rewrite.code), { code: rewrite.code, rewritten: 0, left: 0 });
  });
});
