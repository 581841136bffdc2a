import type { TokenCredential } from '@azure/identity';
import { roleNameForTemplateId } from '../../domain/directoryRoles.js';
import { systemClock } from '../../domain/ports.js';
import type { Clock, DirectoryRoles, RoleLookup, RoleSource } from '../../domain/ports.js';
import { readRoleTemplateIds } from './directoryRoleMemberships.js';
import { callGraph } from './graphCall.js';
import type { GraphCaller, GraphLog } from './graphCall.js';
import { createGraphClient } from './graphClient.js';
import { DEFAULT_GRAPH_BASE_URL, GraphEndpoint } from './graphEndpoint.js';
import { graphErrorDetails } from './graphFailure.js';
import { GRAPH_REASONS } from './graphReasons.js';
import { LookupBudget } from './lookupBudget.js';
import { isDirectoryId } from './objectIds.js';
import { RoleLookupCache } from './roleLookupCache.js';
import { settleWithin } from './settleWithin.js';
import type { CredentialFor } from './tenantCredentials.js';
import { readUserProfile } from './userProfile.js';

export interface GraphRoleSourceOptions {
  /** The app-only credential for a customer tenant; production: `clientSecretCredentials({ clientId, clientSecret })`. */
  credentialFor: CredentialFor;
  /** Graph's base URL with its version. Default https://graph.microsoft.com/v1.0 (http only for a loopback stand-in). */
  baseUrl?: string | undefined;
  /** How long a successful lookup is reused. Default 5 minutes. */
  ttlMs?: number | undefined;
  /** How long a failed lookup is repeated before Graph is asked again. Default 3 seconds. */
  failureTtlMs?: number | undefined;
  /** Most tenant+user lookups kept. Default 10,000, least recently used out. */
  maxEntries?: number | undefined;
  /** The most one Graph HTTP call may take. Default 5 seconds. */
  callTimeoutMs?: number | undefined;
  /** The most one lookup may take, all calls, pages and retries included. Default 5 seconds. */
  deadlineMs?: number | undefined;
  /** Retries of throttled (429) or unavailable (503/504) answers per lookup, honouring Retry-After. Default 2. */
  maxRetries?: number | undefined;
  /** The clock for the cache's time to live. */
  clock?: Clock | undefined;
  /** Where failed Graph calls are reported for the operator (pino's `warn(object, message)` fits). */
  log?: GraphLog | undefined;
}

export const GRAPH_ROLE_SOURCE_DEFAULTS = {
  baseUrl: DEFAULT_GRAPH_BASE_URL,
  ttlMs: 5 * 60_000,
  failureTtlMs: 3_000,
  maxEntries: 10_000,
  callTimeoutMs: 5_000,
  deadlineMs: 5_000,
  maxRetries: 2,
} as const;

/** Extra time past the deadline before the lookup gives up on work that ignored its abort signals. */
const DEADLINE_GRACE_MS = 250;

/**
 * Who holds which directory role, asked of Microsoft Graph in the user's own tenant with the app's app-only
 * credential for that tenant. Roles come from `transitiveMemberOf/microsoft.graph.directoryRole` (so roles held
 * through role-assignable groups count), mapped from role template ids to the names Partner Desk knows; unknown
 * templates are ignored. A user Graph doesn't find holds no roles. Anything else that goes wrong (no consent,
 * sign-in, throttling, timeouts, errors) answers `ok: false` with a reason an admin can act on: never "allowed",
 * never a throw.
 */
export class GraphRoleSource implements RoleSource {
  readonly #credentialFor: CredentialFor;
  readonly #endpoint: GraphEndpoint;
  readonly #cache: RoleLookupCache;
  readonly #limits: { deadlineMs: number; callTimeoutMs: number; maxRetries: number };
  readonly #log: GraphLog | undefined;

  constructor(options: GraphRoleSourceOptions) {
    const d = GRAPH_ROLE_SOURCE_DEFAULTS;
    this.#credentialFor = options.credentialFor;
    this.#endpoint = new GraphEndpoint(options.baseUrl ?? d.baseUrl);
    this.#cache = new RoleLookupCache({
      ttlMs: options.ttlMs ?? d.ttlMs,
      failureTtlMs: options.failureTtlMs ?? d.failureTtlMs,
      maxEntries: options.maxEntries ?? d.maxEntries,
      clock: options.clock ?? systemClock,
    });
    this.#limits = {
      deadlineMs: options.deadlineMs ?? d.deadlineMs,
      callTimeoutMs: options.callTimeoutMs ?? d.callTimeoutMs,
      maxRetries: options.maxRetries ?? d.maxRetries,
    };
    this.#log = options.log;
  }

  lookup(tenantId: string, userObjectId: string): Promise<RoleLookup> {
    // Not a directory id: no such user, so no roles (and nothing that could reach a URL or an authority).
    if (!isDirectoryId(tenantId) || !isDirectoryId(userObjectId)) return Promise.resolve({ ok: true, user: { roles: [] } });
    const tenant = tenantId.toLowerCase();
    const user = userObjectId.toLowerCase();
    return this.#cache.get(`${tenant}/${user}`, () => this.#ask(tenant, user));
  }

  async #ask(tenantId: string, userObjectId: string): Promise<RoleLookup> {
    try {
      const late: RoleLookup = { ok: false, reason: GRAPH_REASONS.unreachable };
      return await settleWithin(this.#askGraph(tenantId, userObjectId), this.#limits.deadlineMs + DEADLINE_GRACE_MS, late);
    } catch (error) {
      this.#log?.warn({ tenantId, ...graphErrorDetails(error) }, 'Graph role lookup failed unexpectedly');
      return { ok: false, reason: GRAPH_REASONS.unexpected };
    }
  }

  async #askGraph(tenantId: string, userObjectId: string): Promise<RoleLookup> {
    const log = this.#log;
    let credential: TokenCredential;
    try {
      credential = this.#credentialFor(tenantId);
    } catch (error) {
      log?.warn({ tenantId, ...graphErrorDetails(error) }, 'no Graph credential for the tenant');
      return { ok: false, reason: GRAPH_REASONS.signInFailed };
    }
    const client = createGraphClient(credential, this.#endpoint);
    const budget = new LookupBudget(this.#limits);
    const tenantLog: GraphLog | undefined = log && { warn: (details, message) => log.warn({ tenantId, ...details }, message) };
    const call: GraphCaller = (request) => callGraph(client, request, budget, tenantLog);

    const [roles, profile] = await Promise.all([
      readRoleTemplateIds(call, this.#endpoint, userObjectId),
      readUserProfile(call, userObjectId),
    ]);
    if (roles.kind === 'failed') return { ok: false, reason: roles.reason };
    if (profile.kind === 'failed') return { ok: false, reason: profile.reason };

    const user: DirectoryRoles = { roles: roles.kind === 'ok' ? roleNames(roles.body) : [] };
    if (profile.kind === 'ok' && profile.body.displayName) user.displayName = profile.body.displayName;
    if (profile.kind === 'ok' && profile.body.email) user.email = profile.body.email;
    return { ok: true, user };
  }
}

/** Partner Desk's names for the roles' template ids, each once; templates it doesn't know are left out. */
function roleNames(templateIds: readonly string[]): string[] {
  const names = new Set<string>();
  for (const templateId of templateIds) {
    const name = roleNameForTemplateId(templateId);
    if (name) names.add(name);
  }
  return [...names];
}
