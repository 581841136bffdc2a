import { spawnSync } from 'node:child_process';

/**
 * `npx tsx bench/generatorPromotion.ts`: how much V8 promotes to its old generation when async code is written the way
 * botbuilder's compiled JavaScript is (a helper driving a generator function made anew on every call) against a plain
 * `async` function, with the same payload captured by each call. The README ("Why each MB kept live costs about four")
 * explains why it matters: what is promoted fills the old generation and keeps V8's growing factor at its maximum.
 */
const CALLS = Number(process.env['PROMOTION_CALLS'] ?? 300_000);

// The helper as TypeScript emits it for ES2015 targets (botbuilder 4.23's compiled code uses the same).
const program = (form: 'generator' | 'async') => `
const awaiter = (thisArg, args, P, generator) => new P((resolve, reject) => {
  const fulfilled = (value) => { try { step(generator.next(value)); } catch (e) { reject(e); } };
  const rejected = (value) => { try { step(generator.throw(value)); } catch (e) { reject(e); } };
  const step = (result) => result.done ? resolve(result.value) : P.resolve(result.value).then(fulfilled, rejected);
  step((generator = generator.apply(thisArg, args)).next());
});
const viaGenerator = (payload) => awaiter(null, [], Promise, function* () { yield null; return payload.items.length; });
const viaAsync = async (payload) => { await null; return payload.items.length; };
(async () => {
  for (let i = 0; i < ${CALLS}; i++) {
    const payload = { items: new Array(100).fill(i), text: 'x'.repeat(200) + i };
    await ${form === 'generator' ? 'viaGenerator' : 'viaAsync'}(payload);
  }
})();
`;

function promotedMb(form: 'generator' | 'async'): { promotedMb: number; scavenges: number } {
  const run = spawnSync(process.execPath, ['--trace-gc-nvp', '-e', program(form)], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the ${form} run failed: ${run.stderr}`);
  const scavenges = run.stdout.split('\n').filter((line) => line.includes('gc=s '));
  const promoted = scavenges.reduce((sum, line) => sum + Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0), 0);
  return { promotedMb: promoted / 1_048_576, scavenges: scavenges.length };
}

for (const form of ['generator', 'async'] as const) {
  const { promotedMb: mb, scavenges } = promotedMb(form);
  process.stdout.write(`${form === 'generator' ? 'generator helper' : 'async function  '}: ${mb.toFixed(1)} MB promoted over ${CALLS} calls (${scavenges} minor collections)\n`);
}
