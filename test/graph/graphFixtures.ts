import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { Clock } from '../../domain/ports.js';
import type { GraphRoleSourceOptions } from '../../storage/graph/graphRoleSource.js';
import { GraphRoleSource } from '../../storage/graph/graphRoleSource.js';
import type { GraphStandIn } from './graphStandIn.js';

export const TEMPLATE = {
  global: '62e90394-69f5-4237-9190-012177145e10',
  billing: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  /** A role template Partner Desk has no name for. */
  unknown: 'c430b396-e693-46cc-96f3-db01bf8bb62a',
} as const;

export const TENANT_A = '11111111-aaaa-4aaa-8aaa-111111111111';
export const TENANT_B = '22222222-bbbb-4bbb-8bbb-222222222222';
export const TOKEN_A = 'token-for-tenant-a';
export const TOKEN_B = 'token-for-tenant-b';

export const USER = {
  jane: 'aaaaaaaa-0000-4000-8000-000000000001',
  bill: 'aaaaaaaa-0000-4000-8000-000000000002',
  pat: 'aaaaaaaa-0000-4000-8000-000000000005',
  /** In tenant B only. */
  bob: 'bbbbbbbb-0000-4000-8000-000000000001',
  nobody: 'aaaaaaaa-0000-4000-8000-0000000000ff',
} as const;

/** Tenant A: Jane holds four known roles and one unknown; Bill has no mail (UPN only); Pat holds none. Tenant B: Bob. */
export function seedDirectory(standIn: GraphStandIn): void {
  standIn.addTenant({
    token: TOKEN_A,
    users: {
      [USER.jane]: {
        displayName: 'Jane Doe',
        mail: 'jane@northwind.example',
        userPrincipalName: 'jane@northwind.onmicrosoft.com',
        roleTemplateIds: [TEMPLATE.global, TEMPLATE.unknown, TEMPLATE.billing, TEMPLATE.helpdesk, TEMPLATE.globalReader],
      },
      [USER.bill]: { displayName: 'Bill Ramos', mail: null, userPrincipalName: 'bill@northwind.onmicrosoft.com', roleTemplateIds: [TEMPLATE.billing] },
      [USER.pat]: { displayName: 'Pat Lee', mail: 'pat@northwind.example', roleTemplateIds: [] },
    },
  });
  standIn.addTenant({
    token: TOKEN_B,
    users: { [USER.bob]: { displayName: 'Bob Kelly', mail: 'bob@fabrikam.example', roleTemplateIds: [TEMPLATE.helpdesk] } },
  });
}

/** A credential that hands out a fixed token (MSAL itself needs an https authority, so it isn't faked). */
export class StaticTokenCredential implements TokenCredential {
  readonly calls: { scopes: string | string[]; options: GetTokenOptions | undefined }[] = [];

  constructor(private readonly token: string) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.calls.push({ scopes, options });
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** A credential whose getToken does whatever the test says. */
export function credentialThat(getToken: TokenCredential['getToken']): TokenCredential {
  return { getToken };
}

export interface Credentials {
  byTenant: Record<string, TokenCredential>;
  asked: string[];
  credentialFor: (tenantId: string) => TokenCredential;
}

export function credentials(byTenant: Record<string, TokenCredential> = {
  [TENANT_A]: new StaticTokenCredential(TOKEN_A),
  [TENANT_B]: new StaticTokenCredential(TOKEN_B),
}): Credentials {
  const asked: string[] = [];
  return {
    byTenant,
    asked,
    credentialFor: (tenantId) => {
      asked.push(tenantId);
      const credential = byTenant[tenantId];
      if (!credential) throw new Error(`no credential for ${tenantId}`);
      return credential;
    },
  };
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-11-25T10:00:00Z')) {}
  now(): Date { return new Date(this.ms); }
  advance(ms: number): void { this.ms += ms; }
}

/** A GraphRoleSource against the stand-in, with test-sized limits unless overridden. */
export function sourceFor(standIn: GraphStandIn, options: Partial<GraphRoleSourceOptions> = {}): GraphRoleSource {
  return new GraphRoleSource({
    credentialFor: credentials().credentialFor,
    baseUrl: standIn.baseUrl,
    callTimeoutMs: 1_000,
    deadlineMs: 3_000,
    ...options,
  });
}

/** How long `work` took, in ms, and what it answered. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}
