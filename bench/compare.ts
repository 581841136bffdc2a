import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateStore } from './lib/generateStore.js';
import { closeConnections, post } from './lib/post.js';
import { processCpu } from './lib/processCpu.js';
import { SCENARIOS } from './lib/scenarios.js';
import { type ServerProcess, startBuiltBot, startServer } from './lib/serverProcess.js';
import { drive, percentile } from './lib/stats.js';
import { measuredTurns, warmUp } from './lib/warmUp.js';

/**
 * npm run bench:compare -- <git ref>: Partner Desk as built from that commit and as built from the working tree, side
 * by side, on the same turns at the same time. Both servers run at once and the turns alternate between them, so a
 * slow spell of the machine falls on both: this machine's speed varies by a third over a day, and by more than half
 * on a bad one, which makes runs of `npm run bench` an hour apart a poor way to tell a 5 % change. Prints each
 * server's own CPU per turn (main thread, where a turn's JavaScript runs, and all threads) and p50, for each of
 * COMPARE_PAIRS pairs of fresh servers (default 4; which build gets the even turns alternates), then the median ratio.
 * COMPARE_SCENARIO picks the scenario by a word of its name (default "accept"), COMPARE_CONCURRENCY the turns in
 * flight over both servers (default 20), COMPARE_TENANTS the store's size (default 400). Compare CPU, not p50: at c=20
 * the server given the even turns had a p50 two to four times the other's in every pair, whichever build it ran.
 */
const REF = process.argv[2] ?? 'HEAD';
const WORD = process.env['COMPARE_SCENARIO'] ?? 'accept';
const CONCURRENCY = Number(process.env['COMPARE_CONCURRENCY'] ?? 20);
const PAIRS = Number(process.env['COMPARE_PAIRS'] ?? 4);
const TENANTS = Number(process.env['COMPARE_TENANTS'] ?? 400);

interface Measured { mainMs: number; allMs: number; p50: number }

/** A checkout of `ref` next to the repository, sharing its node_modules, built as `npm run build` builds. */
function buildBaseline(ref: string, dir: string): void {
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
  if (!existsSync(path.join(dir, 'node_modules'))) symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
}

async function startBot(build: string, store: string): Promise<ServerProcess> {
  return startBuiltBot({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: store, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn', OUTBOX_INTERVAL_MS: '2000' }, { root: build });
}

/** One pair: a fresh store and server per build, warmed alike, then the measured turns alternating between them. */
async function pair(builds: readonly string[], channelUrl: string, evenGoesTo: number): Promise<Measured[]> {
  const scenario = SCENARIOS.find((s) => s.name.includes(WORD))!;
  const order = evenGoesTo === 0 ? builds : [...builds].reverse();
  const stores = await Promise.all(order.map(() => mkdtemp(path.join(tmpdir(), 'compare-store-'))));
  const servers: ServerProcess[] = [];
  try {
    for (const [i, build] of order.entries()) {
      await generateStore(stores[i]!, TENANTS, { serviceUrl: channelUrl });
      servers.push(await startBot(build, stores[i]!));
    }
    const on = (i: number) => servers[i % 2]!;
    const half = (i: number) => Math.floor(i / 2);
    await warmUp(servers.map((server) => server.url), channelUrl, TENANTS);
    const count = measuredTurns(scenario, TENANTS);
    const latencies: number[][] = [[], []];
    const before = servers.map((s) => processCpu(s.child.pid!));
    const run = await drive(count * 2, CONCURRENCY, async (i) => {
      const started = performance.now();
      const ok = await post(on(i).url, scenario.turn(channelUrl, half(i) % TENANTS, Math.floor(half(i) / TENANTS)));
      latencies[i % 2]!.push(performance.now() - started);
      return ok;
    });
    if (run.errors > 0) throw new Error(`${run.errors} of the measured turns failed`);
    const after = servers.map((s) => processCpu(s.child.pid!));
    const measured = servers.map((_, i) => ({ mainMs: (after[i]!.mainMs - before[i]!.mainMs) / count, allMs: (after[i]!.allMs - before[i]!.allMs) / count, p50: percentile(latencies[i]!, 50) }));
    return evenGoesTo === 0 ? measured : measured.reverse();
  } finally {
    for (const server of servers) await server.stop();
    for (const store of stores) await rm(store, { recursive: true, force: true });
  }
}

async function main() {
  if (!SCENARIOS.some((s) => s.name.includes(WORD))) throw new Error(`no scenario named like "${WORD}": ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const baseline = await mkdtemp(path.join(tmpdir(), 'compare-baseline-'));
  const channel = await startServer('bench/channelService.ts', {}, /channel (http:\/\/\S+)/);
  try {
    process.stdout.write(`Building ${REF} and the working tree …\n`);
    buildBaseline(REF, baseline);
    execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
    const builds = [baseline, process.cwd()];
    const ratios: number[] = [];
    const ms = (n: number) => n.toFixed(3);
    for (let p = 0; p < PAIRS; p++) {
      const [old, now] = await pair(builds, channel.url, p % 2);
      ratios.push(now!.mainMs / old!.mainMs);
      process.stdout.write(`pair ${p + 1}/${PAIRS}: CPU per turn, main / all threads (ms): ${REF} ${ms(old!.mainMs)} / ${ms(old!.allMs)}, working tree ${ms(now!.mainMs)} / ${ms(now!.allMs)} (main × ${ratios.at(-1)!.toFixed(2)}); p50 ${old!.p50.toFixed(1)} → ${now!.p50.toFixed(1)} ms\n`);
    }
    process.stdout.write(`\n${SCENARIOS.find((s) => s.name.includes(WORD))!.name}, c=${CONCURRENCY} over both, ${TENANTS} tenants: main-thread CPU per turn, working tree ÷ ${REF}, median of ${PAIRS} pairs: ${percentile(ratios, 50).toFixed(2)} (each: ${ratios.map((r) => r.toFixed(2)).join(', ')})\n`);
  } finally {
    closeConnections();
    await channel.stop();
    execFileSync('git', ['worktree', 'remove', '--force', baseline], { stdio: 'ignore' });
    await rm(baseline, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
