import { existsSync } from 'node:fs';
import { AuthenticationError } from 'botframework-connector';
import { StoreFileInvalidError } from '../storage/storeErrors.js';
import { StoreLockedError } from '../storage/storeLock.js';
import { startApp } from './app.js';
import { botbuilderBuildWarning } from './botbuilderBuild.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** `npm start`: configuration from the environment (and .env), then the bot until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  // Libraries (botbuilder among them) report some failures with console.error; keep every line JSON.
  // A refused token is the caller's problem, not ours: botbuilder prints those too, and they must not page anyone.
  console.error = (...args: unknown[]) => {
    const refused = args.some((a) => a instanceof AuthenticationError);
    log[refused ? 'warn' : 'error']({ source: 'console' }, args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  console.warn = (...args: unknown[]) => log.warn({ source: 'console' }, args.map(String).join(' '));
  const app = await startApp(config, log);
  const buildWarning = botbuilderBuildWarning();
  if (buildWarning) log.warn(buildWarning);
  if (!config.MicrosoftAppId) log.warn('MicrosoftAppId is not set: authentication is OFF. Fine for local clients; never expose this endpoint.');
  process.stdout.write(`Partner Desk is running: ${app.url}/api/messages (health: ${app.url}/healthz)\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight turns');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    await app.close();
    log.info('stopped cleanly');
    process.exit(0);
  };
  // Operators (and npm run load) can ask for memory use: kill -USR2 <pid>. With --expose-gc it is measured after a
  // full collection, so growth that survives garbage collection shows as such.
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1_048_576);
    log.warn({ memoryMb: { rss: mb(rss), heapUsed: mb(heapUsed), heapTotal: mb(heapTotal), external: mb(external) }, afterGc: Boolean((globalThis as { gc?: unknown }).gc) }, 'memory usage');
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreFileInvalidError || error instanceof StoreLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Partner Desk failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
