import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { type Persona, playgroundConfigYaml } from '../../scripts/playgroundConfig.js';

/** Where Debian's chromium is; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/** Fails, never skips, when there is no browser: a missing browser must not pass for a working playground. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing (looked for ${CHROMIUM_PATH}). The Agents Playground tests drive the playground's web page in a `
      + 'real headless browser. Install it with `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return CHROMIUM_PATH;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real `agentsplayground` CLI (the pinned npm package), in a temp folder of its own so its log stays out of the
 * repo, sending as `persona` to `botEndpoint`. No browser of its own, no telemetry.
 */
export class PlaygroundProcess {
  url = '';
  #child: ChildProcess | undefined;
  #dir = '';
  #output = '';

  static async start(persona: Persona, botEndpoint: string, timeoutMs = 20_000): Promise<PlaygroundProcess> {
    const run = new PlaygroundProcess();
    run.#dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-playground-'));
    const configPath = path.join(run.#dir, '.m365agentsplayground.yml');
    await writeFile(configPath, playgroundConfigYaml(persona));
    const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(run.#dir, 'playground.log'),
    };
    const child = spawn(process.execPath, [cli, '--app-endpoint', botEndpoint, '--channel-id', 'msteams', '--port', String(port), '--disable-telemetry'], {
      cwd: run.#dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    run.#child = child;
    const listening = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the playground did not start within ${timeoutMs} ms. Output:\n${run.#output}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        run.#output += chunk.toString();
        const found = /Listening on (\d+)/.exec(run.#output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(Number(found));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => { run.#output += chunk.toString(); });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the playground exited (code ${code}) before listening. Output:\n${run.#output}`));
      });
    }).catch(async (error: unknown) => {
      await run.stop();
      throw error;
    });
    run.url = `http://127.0.0.1:${listening}`;
    return run;
  }

  get output(): string {
    return this.#output;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page on the playground with every request off this machine refused (its web fonts come from a CDN). */
export async function openPlayground(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.route((target) => !['localhost', '127.0.0.1', '[::1]'].includes(target.hostname), (route) => route.abort());
  await page.goto(url, { waitUntil: 'networkidle' });
  return page;
}

export const adaptiveCards = (page: Page) => page.locator('.ac-adaptiveCard');

/** Types a message in the open chat and sends it, as a person would. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox').last().click();
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Send Message' }).last().click();
}

/** How many cards the page shows once no new one has come for `quietMs`. */
export async function settledCardCount(page: Page, quietMs = 700, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = await adaptiveCards(page).count();
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = await adaptiveCards(page).count();
    if (now === count || Date.now() > deadline) return now;
    count = now;
  }
}
