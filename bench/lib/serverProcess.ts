import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startCommand } from './startCommand.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the server saying it listens. */
  coldStartMs: number;
  /** Peak resident memory so far, in MB (VmHWM). */
  peakRssMb(): number;
  rssMb(): number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Sends SIGUSR2 and returns the server's "memory usage" log line (heap after a full GC with --expose-gc). */
  memory(): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number }>;
}

function statusField(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf-8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(/(\d+)/.exec(line)![1]) / 1024 : Number.NaN;
}

/**
 * Starts a server script in its own Node process (built JavaScript on plain node, as `npm start` runs it, or
 * TypeScript through tsx) and waits until it prints the line `listening` matches, which must capture the URL or port.
 */
export async function startServer(script: string, env: Record<string, string>, listening: RegExp, timeoutMs = 60_000, nodeFlags: string[] = []): Promise<ServerProcess> {
  const started = performance.now();
  // Built JavaScript runs on plain node, as `npm start` does; TypeScript goes through tsx.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const flags = [...new Set(['--disable-warning=DEP0111', ...nodeFlags])];
  const child = spawn(process.execPath, [...flags, ...loader, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf-8');
      const match = listening.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.startsWith('http') ? match[1]! : `http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf-8'); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${script} exited with ${code} before listening:\n${output}`)); });
  });
  const coldStartMs = performance.now() - started;
  let tail = '';
  child.stdout!.on('data', (chunk: Buffer) => { tail = (tail + chunk.toString('utf-8')).slice(-65_536); });
  child.stderr!.resume();
  const pid = child.pid!;
  return {
    child,
    url: url.replace('localhost', '127.0.0.1'),
    coldStartMs,
    peakRssMb: () => statusField(pid, 'VmHWM'),
    rssMb: () => statusField(pid, 'VmRSS'),
    memory: async () => {
      const before = tail.length;
      child.kill('SIGUSR2');
      for (let i = 0; i < 100; i++) {
        const line = tail.slice(Math.max(0, before - 10)).split('\n').find((l) => l.includes('"memory usage"'));
        if (line) return (JSON.parse(line) as { memoryMb: { rss: number; heapUsed: number; heapTotal: number; external: number } }).memoryMb;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the server did not report its memory');
    },
    stop: (signal = 'SIGTERM') => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    }),
  };
}

/**
 * The built bot, started as `npm start` starts it (its Node options and script; see startCommand), with `extraFlags`
 * after those, from the build under `root` (this checkout unless given), once it says it is running.
 */
export function startBuiltBot(env: Record<string, string>, options: { extraFlags?: string[]; root?: string } = {}): Promise<ServerProcess> {
  const { nodeFlags, script } = startCommand();
  const scriptPath = options.root ? path.join(options.root, script) : script;
  return startServer(scriptPath, env, /running: (http:\/\/[^/]+)\/api\/messages/, 60_000, [...nodeFlags, ...(options.extraFlags ?? [])]);
}
