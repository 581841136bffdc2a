/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  count: number;
  errors: number;
  p50: number;
  p99: number;
  perSecond: number;
}

export function summarize(latenciesMs: readonly number[], errors: number, wallMs: number): Summary {
  return { count: latenciesMs.length, errors, p50: percentile(latenciesMs, 50), p99: percentile(latenciesMs, 99), perSecond: (latenciesMs.length / wallMs) * 1000 };
}

/**
 * Runs `work(i)` for i in 0..count-1 with `concurrency` workers; returns each call's latency and the wall time.
 * `measured(i, ms)`, when given, is told each call's latency too, for a caller that groups the calls.
 */
export async function drive(count: number, concurrency: number, work: (i: number) => Promise<boolean>, measured?: (i: number, ms: number) => void): Promise<{ latencies: number[]; errors: number; wallMs: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const ok = await work(i).catch(() => false);
      const ms = performance.now() - t0;
      latencies.push(ms);
      measured?.(i, ms);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, errors, wallMs: performance.now() - started };
}
