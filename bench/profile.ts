import { execSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarizeProfile } from './lib/cpuProfile.js';
import { generateStore } from './lib/generateStore.js';
import { closeConnections, post } from './lib/post.js';
import { processCpu } from './lib/processCpu.js';
import { SCENARIOS } from './lib/scenarios.js';
import { startBuiltBot, startServer } from './lib/serverProcess.js';
import { drive, percentile, summarize } from './lib/stats.js';
import { measuredTurns, warmUp } from './lib/warmUp.js';

/**
 * npm run bench:profile: one benchmark scenario under `node --cpu-prof`, to see where a turn's time goes before
 * changing anything. It prints the CPU each process spent per turn (server, channel stand-in, load driver), how p50
 * moved from one hundred turns to the next, and the server's busiest functions and packages while the turns ran
 * (start-up and warm-up left out), and keeps the .cpuprofile for Chrome DevTools. PROFILE_SCENARIO picks the
 * scenario by a word of its name (default "accept"), PROFILE_CONCURRENCY (default 1), PROFILE_TENANTS (default 400;
 * each gives 5 writes), PROFILE_TOP (rows listed, default 25), PROFILE_TARGET=echo profiles the echo bot on the same
 * turns.
 */
const WORD = process.env['PROFILE_SCENARIO'] ?? 'accept';
const CONCURRENCY = Number(process.env['PROFILE_CONCURRENCY'] ?? 1);
const TENANTS = Number(process.env['PROFILE_TENANTS'] ?? 400);
const ECHO = process.env['PROFILE_TARGET'] === 'echo';
const TOP = Number(process.env['PROFILE_TOP'] ?? 25);
/** A read can repeat: PROFILE_TURNS sets how many are measured, after as many again of the same read as warm-up. */
const READ_TURNS = Number(process.env['PROFILE_TURNS'] ?? 0);
const WINDOW = 100;

const idleMs = (summary: { byPackage: Array<[string, number]> }) => summary.byPackage.find(([name]) => name === '(idle)')?.[1] ?? 0;

async function main() {
  const scenario = SCENARIOS.find((s) => s.name.includes(WORD));
  if (!scenario) throw new Error(`no scenario named like "${WORD}": ${SCENARIOS.map((s) => s.name).join(', ')}`);
  execSync('npm run build', { stdio: 'ignore' });
  const channel = await startServer('bench/channelService.ts', {}, /channel (http:\/\/\S+)/);
  const store = await mkdtemp(path.join(tmpdir(), 'profile-store-'));
  const profiles = await mkdtemp(path.join(tmpdir(), 'profile-'));
  try {
    await generateStore(store, TENANTS, { serviceUrl: channel.url });
    const flags = ['--cpu-prof', `--cpu-prof-dir=${profiles}`];
    const server = ECHO
      ? await startServer('build/app/bench/echoBot.js', { PORT: '0' }, /listening (\d+)/, 60_000, flags)
      : await startBuiltBot({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: store, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn' }, { extraFlags: flags });
    const turn = ECHO ? scenario.echo : scenario.turn;
    await warmUp([server.url], channel.url, TENANTS, ECHO ? { read: SCENARIOS[2]!.echo, write: scenario.echo } : undefined);

    const readWarm = scenario.kind === 'read' && READ_TURNS > 0;
    const count = readWarm ? READ_TURNS : measuredTurns(scenario, TENANTS);
    // As the benchmark does, a read is measured warm: V8 compiles a path only after it has run a while.
    if (readWarm) await drive(count, CONCURRENCY, (i) => post(server.url, turn(channel.url, i % TENANTS, i)));
    const pids = { server: server.child.pid!, channel: channel.child.pid!, driver: process.pid };
    const before = Object.values(pids).map((pid) => processCpu(pid).allMs);
    const from = process.hrtime.bigint() / 1000n;
    const run = await drive(count, CONCURRENCY, (i) => post(server.url, turn(channel.url, i % TENANTS, readWarm ? i : Math.floor(i / TENANTS))));
    const to = process.hrtime.bigint() / 1000n;
    const after = Object.values(pids).map((pid) => processCpu(pid).allMs);
    await server.stop(ECHO ? 'SIGTERM' : 'SIGINT'); // the profile is written as the process exits

    const stats = summarize(run.latencies, run.errors, run.wallMs);
    // How p50 moves through the run: a path's first few hundred turns run on code V8 has not optimized yet.
    const windows: string[] = [];
    for (let start = 0; start < run.latencies.length; start += WINDOW) windows.push(percentile(run.latencies.slice(start, start + WINDOW), 50).toFixed(2));
    const perTurn = Object.keys(pids).map((name, i) => `${name} ${((after[i]! - before[i]!) / count).toFixed(2)}`).join(', ');
    const file = path.join(profiles, (await readdir(profiles))[0]!);
    const summary = summarizeProfile(file, Number(from), Number(to));
    const share = (ms: number) => `${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %`;
    const list = (rows: Array<[string, number]>) => rows.slice(0, TOP).map(([name, ms]) => `${share(ms)}  ${name}`).join('\n');
    process.stdout.write([
      `${ECHO ? 'echo bot' : 'Partner Desk'}, ${scenario.name}, c=${CONCURRENCY}, ${count} turns over ${TENANTS} tenants: p50 ${stats.p50.toFixed(2)} ms, p99 ${stats.p99.toFixed(2)} ms, ${stats.perSecond.toFixed(0)} turns/s, ${run.errors} errors`,
      `CPU per turn (ms, all threads): ${perTurn}`,
      // The main thread is what a turn waits for; the other threads (GC helpers, the compiler, libuv) share the cores.
      `server main thread busy per turn (ms, samples but idle): ${((summary.totalMs - idleMs(summary)) / count).toFixed(3)}`,
      `p50 of each ${WINDOW} turns, in order: ${windows.join(' ')}`,
      `\nServer main thread while the turns ran (${summary.totalMs.toFixed(0)} ms of samples), by package:\n${list(summary.byPackage)}`,
      `\nBy function, own time:\n${list(summary.self)}`,
      `\nBy function, with what it calls:\n${list(summary.inclusive)}`,
      `\nProfile (open in Chrome DevTools › Performance): ${file}\n`,
    ].join('\n'));
  } finally {
    closeConnections();
    await channel.stop();
    await rm(store, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
