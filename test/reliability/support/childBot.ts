import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../../domain/deps.js';
import { cardText, type PostResult } from '../../support/botHarness.js';
import { actionActivity, installActivity, type Place } from '../../support/teamsActivities.js';

/**
 * The real server (`node --import tsx bot/index.ts`, as `npm run dev` runs it) in a child process, for tests that
 * kill it, restart it and look at what it left on disk. Its stdout and stderr are kept for the assertions.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = path.join(REPO_ROOT, 'bot', 'index.ts');
// Absolute, so the child can run in the store's parent folder (no stray .env from the repository is read).
const TSX = import.meta.resolve('tsx');
const LISTENING = /Partner Desk is running: (http:\/\/\S+)\/api\/messages/;

export interface ChildBot {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (graceful) or SIGKILL (kill -9); resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export type StartOutcome =
  | { kind: 'listening'; bot: ChildBot }
  | { kind: 'exited'; code: number | null; stdout: string; stderr: string };

/** The child runs next to the store (not in the repository, whose .env it would read); the folder may not exist yet. */
function existingAncestor(dir: string): string {
  return existsSync(dir) ? dir : existingAncestor(path.dirname(dir));
}

/** Env every child gets: loopback, a free port, quiet logs, no authentication. */
function childEnv(storeDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith('Microsoft') || key === 'PARTNERS_FILE' || key === 'ROLE_SOURCE') delete base[key];
  return { ...base, PORT: '0', HOST: '127.0.0.1', STORE_DIR: storeDir, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', ...env };
}

/** Children still running, so a failed test can't leave a server behind (and keep mocha from exiting). */
const live = new Set<ChildProcess>();

/** Kills (-9) every server child still running; for after/afterEach hooks. */
export async function killLeftoverBots(): Promise<void> {
  await Promise.all([...live].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  })));
}

/** Starts the server; resolves when it prints its listening line, or when it exits before that. */
export function spawnBot(storeDir: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<StartOutcome> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', TSX, ENTRY], {
    cwd: existingAncestor(path.dirname(storeDir)),
    env: childEnv(storeDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => { out = (out + chunk.toString('utf-8')).slice(-1_000_000); });
  child.stderr!.on('data', (chunk: Buffer) => { err = (err + chunk.toString('utf-8')).slice(-1_000_000); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => { err += `spawn failed: ${error.message}`; resolve({ code: -1, signal: null }); });
  });
  return new Promise<StartOutcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bot did not start within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    const onData = () => {
      const match = LISTENING.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      const bot: ChildBot = {
        child,
        url: match[1]!,
        stdout: () => out,
        stderr: () => err,
        exited,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      };
      resolve({ kind: 'listening', bot });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      // Give the pipes a moment to deliver the last lines.
      setTimeout(() => resolve({ kind: 'exited', code, stdout: out, stderr: err }), 50);
    });
  });
}

/** Starts the server and fails the test, with its output, if it does not come up. */
export async function startBot(storeDir: string, env: Record<string, string> = {}): Promise<ChildBot> {
  const outcome = await spawnBot(storeDir, env);
  if (outcome.kind === 'exited') throw new Error(`the bot exited with ${outcome.code} instead of starting\nstdout: ${outcome.stdout}\nstderr: ${outcome.stderr}`);
  return outcome.bot;
}

export async function post(url: string, activity: unknown, signal?: AbortSignal): Promise<PostResult> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
    ...(signal ? { signal } : {}),
  });
  const raw = await response.text();
  let body: unknown = raw;
  try { body = raw ? JSON.parse(raw) : undefined; } catch { /* not JSON: keep the text */ }
  return { status: response.status, body };
}

/** The card an Action.Execute invoke came back with, or undefined when the answer was not a card. */
export function answeredCard(result: PostResult): Record<string, unknown> | undefined {
  const body = result.body as { type?: string; value?: Record<string, unknown> } | undefined;
  return result.status === 200 && body?.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined;
}

/** Presses a card button against the child: the Action.Execute invoke Teams would post. */
export async function press(url: string, serviceUrl: string, actor: Actor, verb: string, data: Record<string, unknown>, place: Place = { kind: 'personal' }): Promise<{ result: PostResult; card?: Record<string, unknown>; text: string }> {
  const result = await post(url, actionActivity(actor, verb, data, place, serviceUrl));
  const card = answeredCard(result);
  return { result, ...(card ? { card } : {}), text: card ? cardText(card) : '' };
}

export async function install(url: string, serviceUrl: string, actor: Actor, place: Place = { kind: 'personal' }): Promise<PostResult> {
  return post(url, installActivity(actor, place, serviceUrl));
}

/** Every file under a folder, relative path → sha256 of its bytes, to prove nothing was touched. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (sub: string) => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) await walk(rel);
      else out[rel] = createHash('sha256').update(await readFile(path.join(dir, rel))).digest('hex');
    }
  };
  await walk('');
  return out;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds; fails with `what` after the timeout. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export { tenantOnDisk } from '../../support/tenantOnDisk.js';
