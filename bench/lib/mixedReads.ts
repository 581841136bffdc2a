import { post } from './post.js';
import type { Scenario } from './scenarios.js';
import { drive } from './stats.js';

/**
 * A steady load of the read scenarios together, as a server sees them: `count` turns at `concurrency`, turn i the
 * i-th scenario in turn. Each scenario's own runs are short (200 turns a round) next to the 2,000-5,000 turns between
 * two of V8's major collections, so whether one falls in a run decides its p99; here the collections fall where the
 * load's own allocation puts them, on whatever turns are in flight, and each scenario's p99 counts its share.
 * Returns each scenario's latencies in ms, and how many turns failed.
 */
export async function mixedReads(url: string, channelUrl: string, reads: readonly Scenario[], pick: (scenario: Scenario) => Scenario['turn'], count: number, concurrency: number, tenants: number): Promise<{ latencies: Map<string, number[]>; errors: number }> {
  const latencies = new Map<string, number[]>(reads.map((s) => [s.name, []]));
  const scenarioOf = (i: number) => reads[i % reads.length]!;
  const run = await drive(
    count,
    concurrency,
    (i) => post(url, pick(scenarioOf(i))(channelUrl, Math.floor(i / reads.length) % tenants, i)),
    (i, ms) => latencies.get(scenarioOf(i).name)!.push(ms),
  );
  return { latencies, errors: run.errors };
}
