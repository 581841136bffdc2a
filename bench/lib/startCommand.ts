import { readFileSync } from 'node:fs';

/**
 * The Node options and script of `npm start` (package.json's start script), so the benchmark and the start test run
 * the bot exactly as a user does. Node options change what is measured: `--enable-source-maps` alone kept 7.6 MB more
 * live heap after start (every dependency's source maps), which V8 lets grow about fourfold before it collects.
 */
export function startCommand(packageJson = new URL('../../package.json', import.meta.url)): { nodeFlags: string[]; script: string } {
  const start = (JSON.parse(readFileSync(packageJson, 'utf-8')) as { scripts?: Record<string, string> }).scripts?.['start'];
  const words = start?.trim().split(/\s+/) ?? [];
  const script = words.at(-1);
  const nodeFlags = words.slice(1, -1);
  if (words[0] !== 'node' || !script?.endsWith('.js') || nodeFlags.some((flag) => !flag.startsWith('--'))) {
    throw new Error(`package.json's start script is not "node [--options] <script>.js": ${JSON.stringify(start)}`);
  }
  return { nodeFlags, script };
}
