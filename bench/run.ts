import { execSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateStore, WARM_UP_INVITATIONS_PER_TENANT, WARM_UP_TENANT_BASE, WARM_UP_TENANTS } from './lib/generateStore.js';
import { closeConnections, openConnections, post } from './lib/post.js';
import { type ProcessCpu, processCpu } from './lib/processCpu.js';
import { mixedReads } from './lib/mixedReads.js';
import { SCENARIOS, type Scenario, warmUpAccept, warmUpRemoveRoles, warmUpWrite } from './lib/scenarios.js';
import { startBuiltBot, startServer, type ServerProcess } from './lib/serverProcess.js';
import { drive, summarize, type Summary } from './lib/stats.js';

/**
 * npm run bench: a bare botbuilder echo bot (the floor) and Partner Desk over a store of 10 and of 10,000 tenants,
 * driven through POST /api/messages with Teams-shaped activities at concurrency 1 and 20, on this machine, in one run.
 */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 8);
/**
 * Rounds after those that measure only the writes. A c=20 write cell is one burst of 25 per round (each measured
 * tenant has five invitations and five relationships to act on), and one burst's p50 says little: over 16 bursts of
 * the echo bot's invoke in one process it ranged 7.6-24 ms (most 8-12), with how the 20 first requests happened to
 * interleave. These rounds double the bursts a write cell is made of; a round of writes only costs about 20 s.
 */
const WRITE_ROUNDS = Number(process.env['BENCH_WRITE_ROUNDS'] ?? ROUNDS);
const READS_PER_ROUND = Number(process.env['BENCH_READS'] ?? 200);
const TARGET_TENANTS = 10;
const LARGE = Number(process.env['BENCH_LARGE_TENANTS'] ?? 10_000);
const CONCURRENCY = [1, 20];
/**
 * The pause after a warm-up: its notifications go out (each settled by a change of its own), and the checkpoint those
 * changes start (2 s after a change at the latest, writing the warm-up tenants' files) is over before anything is
 * measured.
 */
const SETTLE_MS = 3_500;
/** Contact requests the warm-up sends, over the warm-up tenants (a write that can repeat). */
const WARM_UP_CONTACTS = 400;
/**
 * Turns of each read scenario the warm-up runs at each concurrency, as the writes get their own warm-up. With only the
 * list reads and the contact requests before them, V8 was still compiling both bots' read paths while they were
 * measured (`--trace-opt`): about 250 first-time TurboFan compilations in a round's read cells, 15-18 in one c=20
 * list run of 200 turns, which cost the compiler threads 52-56 ms (echo bot) and 72-96 ms (Partner Desk, more code)
 * of the two cores the run shares with the driver. After 200 turns of each read at each concurrency: 3-4 and 6-13.
 */
const READ_WARM_UP = Number(process.env['BENCH_READ_WARMUP'] ?? 200);
/** BENCH_VERBOSE=1 prints each cell of each round as it is measured: whether a ratio comes from every round or a few. */
const VERBOSE = process.env['BENCH_VERBOSE'] === '1';
/** BENCH_ONLY=write (or read) measures only those scenarios, for a quicker look while working on one path. */
const ONLY = process.env['BENCH_ONLY'];
const MEASURED = SCENARIOS.filter((s) => !ONLY || s.kind === ONLY);
/** Turns of the reads' steady mixed load in each round that measures reads (BENCH_MIXED=0 leaves it out). */
const MIXED_TURNS = Number(process.env['BENCH_MIXED'] ?? 2_000);
const MIXED_CONCURRENCY = 20;

type Target = 'echo' | 'small' | 'large';
const results = new Map<string, { latencies: number[]; errors: number; wallMs: number }>();
/** CPU the server process used over a cell's measured turns, in ms, summed over the rounds. */
const serverCpu = new Map<string, ProcessCpu>();
const coldStarts: Record<Target, number[]> = { echo: [], small: [], large: [] };
const peakRss: Record<Target, number> = { echo: 0, small: 0, large: 0 };
/** Each read scenario's latencies under the mixed load, by `${target}|${scenario}`, over the rounds. */
const mixed = new Map<string, number[]>();
/** Turns of the mixed load that failed, by target, over the rounds. */
const mixedErrors: Record<Target, number> = { echo: 0, small: 0, large: 0 };

function record(key: string, run: { latencies: number[]; errors: number; wallMs: number }) {
  const earlier = results.get(key) ?? { latencies: [], errors: 0, wallMs: 0 };
  results.set(key, { latencies: [...earlier.latencies, ...run.latencies], errors: earlier.errors + run.errors, wallMs: earlier.wallMs + run.wallMs });
}

async function startTarget(target: Target, pristine: Record<'small' | 'large', string>, work: string[]): Promise<ServerProcess> {
  if (target === 'echo') return startServer('build/app/bench/echoBot.js', { PORT: '0' }, /listening (\d+)/);
  const dir = await mkdtemp(path.join(tmpdir(), `bench-${target}-`));
  work.push(dir);
  await cp(pristine[target], dir, { recursive: true });
  // Flush the copy to disk first: 10,000 files of dirty pages written back during the run would slow its writes.
  execSync('sync');
  return startBuiltBot({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: dir, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn', OUTBOX_INTERVAL_MS: '2000' });
}

async function runScenario(target: Target, server: ServerProcess, channelUrl: string, scenario: Scenario, concurrency: number, round: number) {
  const turn = target === 'echo' ? scenario.echo : scenario.turn;
  // Writes: concurrency 1 uses tenants 0-4 and 20 uses 5-9, each tenant's five invitations/relationships once per round.
  const tenantsForWrite = concurrency === 1 ? [0, 1, 2, 3, 4] : [5, 6, 7, 8, 9];
  const count = scenario.kind === 'write' ? tenantsForWrite.length * (scenario.perTenant ?? 1) : READS_PER_ROUND;
  await openConnections(server.url, concurrency);
  const cpuBefore = processCpu(server.child.pid!);
  const run = await drive(count, concurrency, (i) => {
    const tenant = scenario.kind === 'write' ? tenantsForWrite[i % tenantsForWrite.length]! : i % TARGET_TENANTS;
    const sample = scenario.kind === 'write' ? Math.floor(i / tenantsForWrite.length) : i;
    return post(server.url, turn(channelUrl, tenant, sample));
  });
  const key = `${target}|${scenario.name}|${concurrency}`;
  const cpuAfter = processCpu(server.child.pid!);
  const sum = serverCpu.get(key) ?? { mainMs: 0, allMs: 0 };
  serverCpu.set(key, { mainMs: sum.mainMs + cpuAfter.mainMs - cpuBefore.mainMs, allMs: sum.allMs + cpuAfter.allMs - cpuBefore.allMs });
  record(key, run);
  if (VERBOSE) {
    const cell = summarize(run.latencies, run.errors, run.wallMs);
    process.stdout.write(`  ${target} ${scenario.name} c=${concurrency}: p50 ${cell.p50.toFixed(2)} ms, main thread ${((cpuAfter.mainMs - cpuBefore.mainMs) / count).toFixed(3)} ms per turn\n`);
  }
  if (run.errors > 0) process.stderr.write(`  ${target} ${scenario.name} c=${concurrency} round ${round}: ${run.errors} errors\n`);
}

/** The reads under a steady load of all of them together (see mixedReads), in the rounds that measure reads. */
async function runMixed(target: Target, server: ServerProcess, channelUrl: string, reads: readonly Scenario[]) {
  await openConnections(server.url, MIXED_CONCURRENCY);
  const run = await mixedReads(server.url, channelUrl, reads, (s) => (target === 'echo' ? s.echo : s.turn), MIXED_TURNS, MIXED_CONCURRENCY, TARGET_TENANTS);
  for (const [name, latencies] of run.latencies) {
    const earlier = mixed.get(`${target}|${name}`) ?? [];
    mixed.set(`${target}|${name}`, [...earlier, ...latencies]);
  }
  mixedErrors[target] += run.errors;
  if (run.errors > 0) process.stderr.write(`  ${target} mixed reads: ${run.errors} errors\n`);
}

/**
 * Every target is measured warm, as a server that has been up a while: the tenants the scenarios use are read, the
 * write path (store, outbox, notification, card) runs a few hundred times, on warm-up tenants only, with a write
 * that can repeat, and each read scenario runs READ_WARM_UP times at each concurrency. Then what those writes started
 * is given time to finish (SETTLE_MS).
 */
async function warmUp(target: Target, server: ServerProcess, channelUrl: string, writesOnly: boolean) {
  const read = target === 'echo' ? SCENARIOS[2]!.echo : SCENARIOS[2]!.turn;
  const write = target === 'echo' ? SCENARIOS[4]!.echo : warmUpWrite;
  await drive(TARGET_TENANTS * 3, 4, (i) => post(server.url, read(channelUrl, i % TARGET_TENANTS, 0)));
  // A round of writes only goes straight to the writes' own warm-up (warmUpWrites), which runs the write path too.
  if (writesOnly) return;
  const writes = await drive(WARM_UP_CONTACTS, 1, (i) => post(server.url, write(channelUrl, WARM_UP_TENANT_BASE + (i % WARM_UP_TENANTS), Math.floor(i / WARM_UP_TENANTS))));
  if (writes.errors > 0) throw new Error(`${target}: ${writes.errors} warm-up writes failed`);
  for (const scenario of MEASURED.filter((s) => s.kind === 'read')) {
    const turn = target === 'echo' ? scenario.echo : scenario.turn;
    for (const c of CONCURRENCY) {
      const reads = await drive(READ_WARM_UP, c, (i) => post(server.url, turn(channelUrl, i % TARGET_TENANTS, i)));
      if (reads.errors > 0) throw new Error(`${target}: ${reads.errors} warm-up reads (${scenario.name}) failed`);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/**
 * Right before the writes are measured: the accept and remove-roles paths themselves, 600 times each on the warm-up
 * tenants. V8 optimizes a path only after it has run a while: measured after 30 accepts, as the benchmark first did,
 * an accept took 2.0 ms; in a long run its p50 over each 50 accepts fell from 3.3 ms to about 0.8 ms within a few
 * hundred (`npm run bench:profile` prints that curve), while the echo bot's one invoke path was warm from the start.
 */
async function warmUpWrites(target: Target, server: ServerProcess, channelUrl: string) {
  const count = WARM_UP_TENANTS * WARM_UP_INVITATIONS_PER_TENANT;
  for (const turn of [warmUpAccept, warmUpRemoveRoles]) {
    const run = await drive(count, 1, (i) => post(server.url, (target === 'echo' ? SCENARIOS[4]!.echo : turn)(channelUrl, WARM_UP_TENANT_BASE + (i % WARM_UP_TENANTS), Math.floor(i / WARM_UP_TENANTS))));
    if (run.errors > 0) throw new Error(`${target}: ${run.errors} write warm-up turns failed`);
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/**
 * The scenarios in the order a round measures them. Every other round measures the writes the other way round: the
 * first write run after the warm-up's pause came out slower for either bot (the echo bot's accepts at c=20 took
 * 5-10 ms where its identical remove-roles turns took 4-5 ms), which favoured whichever write came first. Each round
 * starts the reads with another scenario: a server's turns are the same in every round, so V8's major collections
 * (a 5-13 ms pause, which at c=20 delays the 20 turns in flight, enough to set a cell's p99) fell at the same point
 * of every round. With one order, Partner Desk's fell in its helpdesk question at c=20 in three traced rounds of
 * four and the echo bot's in none of them, which made that cell's p99 1.34-1.65x.
 */
function inRoundOrder(round: number, writesOnly: boolean): Scenario[] {
  const reads = writesOnly ? [] : MEASURED.filter((s) => s.kind === 'read');
  const writes = MEASURED.filter((s) => s.kind === 'write');
  const rotatedReads = reads.map((_, i) => reads[(i + round) % reads.length]!);
  return [...rotatedReads, ...(round % 2 === 0 ? [...writes].reverse() : writes)];
}

async function main() {
  const channel = await startServer('bench/channelService.ts', {}, /channel (http:\/\/\S+)/);
  const work: string[] = [];
  const pristine = { small: await mkdtemp(path.join(tmpdir(), 'bench-pristine-small-')), large: await mkdtemp(path.join(tmpdir(), 'bench-pristine-large-')) };
  work.push(pristine.small, pristine.large);
  try {
    process.stdout.write('Building (npm run build), as npm start does …\n');
    execSync('npm run build', { stdio: 'ignore' });
    process.stdout.write(`Generating stores: 10 and ${LARGE} tenants × 5 partners …\n`);
    await generateStore(pristine.small, 10, { serviceUrl: channel.url, warmUpTenants: WARM_UP_TENANTS });
    await generateStore(pristine.large, LARGE, { serviceUrl: channel.url, warmUpTenants: WARM_UP_TENANTS });
    for (let round = 1; round <= ROUNDS + WRITE_ROUNDS; round++) {
      const writesOnly = round > ROUNDS;
      const scenarios = inRoundOrder(round, writesOnly);
      if (scenarios.length === 0) break;
      // Each round starts with another target, so a slow spell of the machine, or the page cache the 10,000 tenant
      // copy leaves, does not always fall on the same one.
      const targets = (['echo', 'small', 'large'] as const).map((_, i, all) => all[(i + round) % all.length]!);
      for (const target of targets) {
        process.stdout.write(`round ${round}/${ROUNDS + WRITE_ROUNDS}${writesOnly ? ' (writes only)' : ''}: ${target}\n`);
        const server = await startTarget(target, pristine, work);
        coldStarts[target].push(server.coldStartMs);
        await warmUp(target, server, channel.url, writesOnly);
        const reads = scenarios.filter((s) => s.kind === 'read');
        const writes = scenarios.filter((s) => s.kind === 'write');
        for (const scenario of reads) for (const c of CONCURRENCY) await runScenario(target, server, channel.url, scenario, c, round);
        if (reads.length > 0 && MIXED_TURNS > 0) await runMixed(target, server, channel.url, reads);
        if (writes.length > 0) await warmUpWrites(target, server, channel.url);
        for (const scenario of writes) for (const c of CONCURRENCY) await runScenario(target, server, channel.url, scenario, c, round);
        peakRss[target] = Math.max(peakRss[target], server.peakRssMb());
        await server.stop();
      }
    }
  } finally {
    closeConnections();
    await channel.stop();
    for (const dir of work) await rm(dir, { recursive: true, force: true });
  }
  const report = await render();
  process.stdout.write(`\n${report}`);
  await writeFile(new URL('./results.md', import.meta.url), report);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
/** A cell's p50 / p99 and their ratios to the echo bot's, and its failed turns if any. */
const versusEcho = (s: Summary, echo: Summary) => `${f(s.p50)} / ${f(s.p99)} (${f(s.p50 / echo.p50, 2)}× / ${f(s.p99 / echo.p99, 2)}×)${s.errors ? ` **${s.errors} errors**` : ''}`;

async function render(): Promise<string> {
  const get = (target: Target, scenario: string, c: number): Summary => {
    const r = results.get(`${target}|${scenario}|${c}`)!;
    return summarize(r.latencies, r.errors, r.wallMs);
  };
  const lines = [
    '# Benchmark results',
    '',
    `Machine: ${process.platform} ${process.arch}, Node ${process.version}, ${ROUNDS} rounds and ${WRITE_ROUNDS} more of writes only, ${READS_PER_ROUND} reads and 25 writes per scenario, concurrency and round. ` +
      `Latency in ms measured by the client from POST to response (message turns include posting the reply to the channel service stand-in, which runs in a process of its own). ` +
      `Stores: "10" = 10 tenants, "10k" = ${LARGE} tenants, each with 5 partners holding roles and 5 pending invitations; both also hold ${WARM_UP_TENANTS} tenants only the warm-up writes to (in the rounds that measure reads, ${WARM_UP_CONTACTS} contact requests first; in every round, right before the writes are measured, ${WARM_UP_TENANTS * WARM_UP_INVITATIONS_PER_TENANT} accepts and as many role removals); in the rounds that measure reads, each read scenario also runs ${READ_WARM_UP} times at each concurrency before anything is measured. Generated ${new Date().toISOString()}.`,
    '',
    // Loaded only now, so the driver does not carry botbuilder while it measures.
    (await import('../bot/botbuilderBuild.js')).botbuilderBuildWarning() ?? "botbuilder's async methods: native async, as npm install's postinstall step rewrites them (README, \"botbuilder runs as native async\").",
    '',
    '| scenario | c | echo p50 / p99 | echo turns/s | PD 10 p50 / p99 (× echo) | PD 10 turns/s | PD 10k p50 / p99 (× echo) | PD 10k turns/s | 10k ÷ 10 p50 |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const scenario of MEASURED) {
    for (const c of CONCURRENCY) {
      const echo = get('echo', scenario.name, c);
      const small = get('small', scenario.name, c);
      const large = get('large', scenario.name, c);
      const cell = (s: Summary) => versusEcho(s, echo);
      lines.push(`| ${scenario.name} | ${c} | ${f(echo.p50)} / ${f(echo.p99)} | ${f(echo.perSecond, 0)} | ${cell(small)} | ${f(small.perSecond, 0)} | ${cell(large)} | ${f(large.perSecond, 0)} | ${f(large.p50 / small.p50, 2)} |`);
    }
  }
  const mixedReads = MEASURED.filter((s) => s.kind === 'read' && mixed.has(`echo|${s.name}`));
  if (mixedReads.length > 0) {
    lines.push(
      '',
      `The reads under a steady mixed load: in each round, ${MIXED_TURNS} turns at c=${MIXED_CONCURRENCY}, the ${mixedReads.length} read scenarios in turn (major garbage collections fall where the load puts them, on whatever turns are in flight):`,
      '',
      '| scenario | echo p50 / p99 | PD 10 p50 / p99 (× echo) | PD 10k p50 / p99 (× echo) |',
      '|---|---|---|---|',
    );
    for (const scenario of mixedReads) {
      const of = (target: Target) => summarize(mixed.get(`${target}|${scenario.name}`)!, 0, 1);
      const echo = of('echo');
      const cell = (s: Summary) => versusEcho(s, echo);
      lines.push(`| ${scenario.name} | ${f(echo.p50)} / ${f(echo.p99)} | ${cell(of('small'))} | ${cell(of('large'))} |`);
    }
    const failed = (['echo', 'small', 'large'] as const).filter((t) => mixedErrors[t] > 0);
    if (failed.length > 0) lines.push('', `**Failed turns under the mixed load: ${failed.map((t) => `${t} ${mixedErrors[t]}`).join(', ')}.**`);
  }
  lines.push(
    '',
    // The latencies above are what a client sees with the load driver on the same cores as the server; this is what
    // the server itself spent, whatever the driver costs.
    'Server CPU per turn in ms, main thread / all threads of the server process (the load driver and the channel stand-in not counted), over the same turns:',
    '',
    '| scenario | c | echo | PD 10 (× echo) | PD 10k (× echo) |',
    '|---|---|---|---|---|',
  );
  for (const scenario of MEASURED) {
    for (const c of CONCURRENCY) {
      const perTurn = (target: Target, thread: keyof ProcessCpu) => {
        const key = `${target}|${scenario.name}|${c}`;
        return serverCpu.get(key)![thread] / results.get(key)!.latencies.length;
      };
      const ms = (target: Target) => `${f(perTurn(target, 'mainMs'), 3)} / ${f(perTurn(target, 'allMs'), 3)}`;
      const ratio = (target: Target) => `${f(perTurn(target, 'mainMs') / perTurn('echo', 'mainMs'), 2)}× / ${f(perTurn(target, 'allMs') / perTurn('echo', 'allMs'), 2)}×`;
      lines.push(`| ${scenario.name} | ${c} | ${ms('echo')} | ${ms('small')} (${ratio('small')}) | ${ms('large')} (${ratio('large')}) |`);
    }
  }
  lines.push(
    '',
    '| | echo | PD 10 tenants | PD 10k tenants |',
    '|---|---|---|---|',
    `| cold start to listening (median ms) | ${f(median(coldStarts.echo), 0)} | ${f(median(coldStarts.small), 0)} | ${f(median(coldStarts.large), 0)} (${f(median(coldStarts.large) / median(coldStarts.small), 2)}× of 10) |`,
    `| peak RSS (MB) | ${f(peakRss.echo, 0)} | ${f(peakRss.small, 0)} | ${f(peakRss.large, 0)} |`,
    '',
  );
  return lines.join('\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
