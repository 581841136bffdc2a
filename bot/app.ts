import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { z } from 'zod4';
import { DEFAULT_SETTINGS, type DomainDeps } from '../domain/deps.js';
import { PartnerSchema } from '../domain/model.js';
import type { Clock, IdSource, RoleSource } from '../domain/ports.js';
import { randomIds, systemClock } from '../domain/ports.js';
import type { RetryPolicy } from '../domain/outbox.js';
import { demoSeed } from '../storage/demoData.js';
import { JsonPartnerDirectory } from '../storage/jsonPartnerDirectory.js';
import { openStore, type OpenedStore } from '../storage/openStore.js';
import { createAdapter, createAuthentication } from './adapter.js';
import { authenticationEnabled, type Config, ConfigError } from './config.js';
import type { Logger } from './logger.js';
import { BotFrameworkSender, type ChannelSender } from './notifications/channelSender.js';
import { OutboxDispatcher } from './notifications/outboxDispatcher.js';
import { PartnerDeskBot } from './partnerDeskBot.js';
import { createHttpServer, type HttpServer } from './server.js';
import type { BotServices } from './services.js';

export interface AppOverrides {
  clock?: Clock;
  ids?: IdSource;
  roles?: RoleSource;
  sender?: ChannelSender;
  retryPolicy?: RetryPolicy;
  sendTimeoutMs?: number;
}

export interface App {
  url: string;
  port: number;
  store: OpenedStore;
  services: BotServices;
  dispatcher: OutboxDispatcher;
  http: HttpServer;
  /** Graceful stop: no new requests, in-flight turns finish, the outbox pauses, the store finishes its writes. */
  close(): Promise<void>;
}

/** The operator's partner list (PARTNERS_FILE) added to the directory; an entry replaces a stored one with its id. */
async function withOperatorPartners(directory: JsonPartnerDirectory, file: string | undefined): Promise<JsonPartnerDirectory> {
  if (!file) return directory;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf-8'));
  } catch (error) {
    throw new ConfigError([`PARTNERS_FILE ${file} is not readable JSON (${(error as Error).message})`]);
  }
  const parsed = z.array(PartnerSchema).safeParse(json);
  if (!parsed.success) {
    throw new ConfigError([`PARTNERS_FILE ${file} is not a list of partner profiles: ${parsed.error.issues.slice(0, 3).map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`]);
  }
  const listed = new Map(directory.all().map((p) => [p.id, p]));
  for (const partner of parsed.data) listed.set(partner.id, partner);
  return new JsonPartnerDirectory([...listed.values()]);
}

/** Where directory roles come from: the store (demo, tests, small setups) or Microsoft Graph (production). */
async function roleSourceFor(config: Config, store: OpenedStore, clock: Clock, log: Logger): Promise<RoleSource> {
  if (config.ROLE_SOURCE === 'store') return store.roles;
  // Loaded only when used: the Graph client and its identity libraries cost memory a store-only setup doesn't need.
  const { clientSecretCredentials, GraphRoleSource } = await import('../storage/graph/index.js');
  return new GraphRoleSource({
    credentialFor: clientSecretCredentials({ clientId: config.MicrosoftAppId!, clientSecret: config.MicrosoftAppPassword! }),
    baseUrl: config.GRAPH_BASE_URL,
    ttlMs: config.ROLE_CACHE_SECONDS * 1000,
    clock,
    log: log.child({ component: 'graph' }),
  });
}

/** Opens the store, wires the domain, the bot and the notification sender, and starts listening. */
export async function startApp(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const store = await openStore(config.STORE_DIR, {
    seed: config.SEED_DEMO_DATA ? demoSeed(clock.now()) : undefined,
    journal: config.STORE_JOURNAL,
    cacheSize: config.TENANT_CACHE_SIZE,
    onCheckpointFailed: (error) => log.error({ err: error }, 'store checkpoint failed: the changes stay in the journal and it is tried again'),
  });
  try {
    return await serve(config, log, overrides, clock, store);
  } catch (error) {
    // A bad partner list or a port in use: let the next attempt open the store.
    await store.release();
    throw error;
  }
}

async function serve(config: Config, log: Logger, overrides: AppOverrides, clock: Clock, store: OpenedStore): Promise<App> {
  const directory = await withOperatorPartners(store.directory, config.PARTNERS_FILE);
  const deps: DomainDeps = {
    store: store.tenants,
    directory,
    roles: overrides.roles ?? (await roleSourceFor(config, store, clock, log)),
    clock,
    ids: overrides.ids ?? randomIds,
    settings: { ...DEFAULT_SETTINGS, agreementUrl: config.AGREEMENT_URL, agreementVersion: config.AGREEMENT_VERSION },
  };
  const auth = createAuthentication(config, log);
  const adapter = createAdapter(auth, log);
  const sender = overrides.sender ?? new BotFrameworkSender(auth, config.MicrosoftAppId ?? '', overrides.sendTimeoutMs);
  const dispatcher = new OutboxDispatcher(deps, sender, log.child({ component: 'outbox' }), {
    intervalMs: config.OUTBOX_INTERVAL_MS,
    batchDelayMs: config.OUTBOX_BATCH_MS,
    ...(overrides.retryPolicy ? { policy: overrides.retryPolicy } : {}),
  });
  // A registration (partner id given) is sent at once: staff are looking at the channel, waiting for it.
  const services: BotServices = { deps, log, notifyChanged: (partnerId) => (partnerId ? dispatcher.kick(partnerId) : dispatcher.soon()) };
  const bot = new PartnerDeskBot(services);
  const http = createHttpServer({ adapter, bot, log, maxBodyBytes: config.MAX_BODY_BYTES, storeProbe: store.layout.meta, requireAuthentication: authenticationEnabled(config) });

  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.PORT, config.HOST, () => resolve());
  });
  dispatcher.start();
  const port = (http.server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  log.info({ port, store: config.STORE_DIR, roleSource: config.ROLE_SOURCE, seeded: store.created && config.SEED_DEMO_DATA, partners: directory.all().length }, 'Partner Desk listening');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    services,
    dispatcher,
    http,
    close: () => {
      closing ??= (async () => {
        await http.close();
        await dispatcher.stop();
        await store.tenants.flush();
        await store.release();
      })();
      return closing;
    },
  };
}
