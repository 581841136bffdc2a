import { CloudAdapter } from 'botbuilder';

/**
 * Whether a compiled function still runs TypeScript's ES2015 async emit (a generator driven by `__awaiter`), which
 * `npm install`'s postinstall step rewrites into native async (scripts/nativeAsync).
 */
export function isGeneratorEmit(fn: (...args: never[]) => unknown): boolean {
  return /__awaiter\([^,]*,[^,]*,[^,]*,\s*function\s*\*/.test(fn.toString());
}

/**
 * A warning for the log when botbuilder was installed without that step (`npm install --ignore-scripts`): the bot works
 * the same, at about 50 MB more memory at peak (README, "Native async in botbuilder").
 */
export function botbuilderBuildWarning(): string | undefined {
  if (!isGeneratorEmit(CloudAdapter.prototype.process)) return undefined;
  return "botbuilder's async methods are ES2015 generators (installed with --ignore-scripts?): expect about 50 MB more peak memory. Run `npm run postinstall` to rewrite them as native async.";
}
