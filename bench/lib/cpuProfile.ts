import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds of main-thread samples inside the window (idle included). */
  totalMs: number;
  /** Where samples were taken, by function: [name, ms], most first. */
  self: Array<[string, number]>;
  /** Time spent in a function and everything it called, by function. */
  inclusive: Array<[string, number]>;
  /** Self time by package (node_modules/…) or project folder. */
  byPackage: Array<[string, number]>;
}

const where = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/build\/app\//, '');
/** Code with no file: V8's own entries ((idle), (garbage collector)), native calls (writev), or code made by `new Function`. */
const unfiled = (node: ProfileNode) => node.callFrame.functionName || '(code compiled at run time)';
const nameOf = (node: ProfileNode) => (node.callFrame.url ? `${node.callFrame.functionName || '(anonymous)'} ${where(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : unfiled(node));
const packageOf = (node: ProfileNode) => {
  const url = where(node.callFrame.url);
  if (url === '') return unfiled(node);
  const parts = url.split('/');
  return url.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};
const ranked = (totals: Map<string, number>) => [...totals].map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]);

/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and sums its samples taken between `fromUs` and `toUs` (the monotonic
 * clock of `process.hrtime`, which the profile's timestamps share), so only the measured turns count, not start-up.
 */
export function summarizeProfile(file: string, fromUs = 0, toUs = Number.POSITIVE_INFINITY): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf-8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    totalUs += profile.timeDeltas[i] ?? 0;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, us: number) => totals.set(key, (totals.get(key) ?? 0) + us);
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    add(self, nameOf(node), us);
    add(byPackage, packageOf(node), us);
    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const name = nameOf(byId.get(up)!);
      if (!seen.has(name)) add(inclusive, name, us);
      seen.add(name);
    }
  }
  return { totalMs: totalUs / 1000, self: ranked(self), inclusive: ranked(inclusive), byPackage: ranked(byPackage) };
}
