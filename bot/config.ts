import { existsSync } from 'node:fs';
import { z } from 'zod4';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  MicrosoftAppId: z.preprocess(blankToUndefined, z.string().regex(GUID, 'must be the bot app registration id (a GUID)').optional()),
  MicrosoftAppPassword: z.preprocess(blankToUndefined, z.string().optional()),
  MicrosoftAppType: z.preprocess(blankToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: z.preprocess(blankToUndefined, z.string().regex(GUID, 'must be a tenant id (a GUID)').optional()),
  STORE_DIR: z.string().min(1).default('./data'),
  SEED_DEMO_DATA: z.preprocess(blankToUndefined, flag.default(true)),
  STORE_JOURNAL: z.preprocess(blankToUndefined, flag.default(true)),
  TENANT_CACHE_SIZE: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(2_000)),
  PARTNERS_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  ROLE_SOURCE: z.preprocess(blankToUndefined, z.enum(['store', 'graph']).default('store')),
  GRAPH_BASE_URL: z.preprocess(blankToUndefined, z.url().default('https://graph.microsoft.com/v1.0')),
  ROLE_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AGREEMENT_URL: z.url().default('https://www.microsoft.com/licensing/docs/customeragreement'),
  AGREEMENT_VERSION: z.string().min(1).default('MCA-2024-01'),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(2_000),
  OUTBOX_BATCH_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(262_144),
}).superRefine((c, ctx) => {
  if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set (the client secret of the app registration)' });
  }
  if (c.MicrosoftAppId && c.MicrosoftAppType !== 'MultiTenant' && !c.MicrosoftAppTenantId) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required when MicrosoftAppType is ${c.MicrosoftAppType}` });
  }
  if (!c.MicrosoftAppId && c.MicrosoftAppPassword) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is missing while MicrosoftAppPassword is set' });
  }
  if (c.ROLE_SOURCE === 'graph' && (!c.MicrosoftAppId || !c.MicrosoftAppPassword)) {
    ctx.addIssue({ code: 'custom', path: ['ROLE_SOURCE'], message: 'graph needs MicrosoftAppId and MicrosoftAppPassword: Partner Desk signs in to each customer tenant as that app' });
  }
  if (c.PARTNERS_FILE && !existsSync(c.PARTNERS_FILE)) {
    ctx.addIssue({ code: 'custom', path: ['PARTNERS_FILE'], message: `names ${c.PARTNERS_FILE}, which does not exist` });
  }
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Partner Desk can't start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from the environment; every bad value is named, with what it should be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
  }
  return parsed.data;
}

/** Whether incoming requests must carry a Bot Framework token: only when the bot has an app id. */
export function authenticationEnabled(config: Config): boolean {
  return config.MicrosoftAppId !== undefined;
}
