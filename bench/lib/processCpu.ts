import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessCpu {
  /** On-CPU time of the main thread, where a turn's JavaScript runs: what a turn waits for. */
  mainMs: number;
  /** On-CPU time of all its threads (the main one, GC helpers, the compiler, libuv). */
  allMs: number;
}

/**
 * CPU time a process has used so far, in ms, from the scheduler's own accounting (/proc/<pid>/task/<tid>/schedstat,
 * nanoseconds: /proc/<pid>/stat counts in ticks of 10 ms, too coarse for 25 turns of under a millisecond).
 */
export function processCpu(pid: number): ProcessCpu {
  let mainNs = 0;
  let allNs = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let ns: number;
    try {
      ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf-8').split(' ')[0]);
    } catch {
      continue; // a thread that ended since the folder was listed
    }
    allNs += ns;
    if (tid === String(pid)) mainNs = ns;
  }
  return { mainMs: mainNs / 1e6, allMs: allNs / 1e6 };
}
