import { post } from './post.js';
import type { Scenario } from './scenarios.js';

/**
 * A steady load of the read scenarios together, as a server sees them: `count` turns at `concurrency`, turn i the
 * i-th scenario in turn. Each scenario's own runs are short (200 turns a round) next to the 2,000-5,000 turns between
 * two of V8's major collections, so whether one falls in a run decides its p99; here the collections fall where the
 * load's own allocation puts them, on whatever turns are in flight, and each scenario's p99 counts its share.
 * Returns each scenario's latencies in ms, and how many turns failed.
 */
export async function mixedReads(url: string, channelUrl: string, reads: readonly Scenario[], pick: (scenario: Scenario) => Scenario['turn'], count: number, concurrency: number, tenants: number): Promise<{ latencies: Map<string, number[]>; errors: number }> {
  const latencies = new Map<string, number[]>(reads.map((s) => [s.name, []]));
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const scenario = reads[i % reads.length]!;
      const started = performance.now();
      const ok = await post(url, pick(scenario)(channelUrl, Math.floor(i / reads.length) % tenants, i)).catch(() => false);
      latencies.get(scenario.name)!.push(performance.now() - started);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, errors };
}
