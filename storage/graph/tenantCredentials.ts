import { ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { LruMap } from './lruMap.js';

/** The app-only credential for one customer tenant. */
export type CredentialFor = (tenantId: string) => TokenCredential;

export interface ClientSecretCredentialsOptions {
  /** The multi-tenant app registration's application (client) id. */
  clientId: string;
  /** One of its client secrets. */
  clientSecret: string;
  /** The Entra authority, for national clouds; default https://login.microsoftonline.com. */
  authorityHost?: string | undefined;
  /** Most tenants whose credential (and its token cache) is kept; the least recently used go first. */
  maxTenants?: number | undefined;
}

/**
 * Production credentials: one ClientSecretCredential per customer tenant, all for the same multi-tenant app, each
 * asking that tenant's authority (so each token carries the permissions that tenant consented to). Kept per tenant,
 * so MSAL's token cache is reused until the token nears expiry.
 */
export function clientSecretCredentials(options: ClientSecretCredentialsOptions): CredentialFor {
  const credentials = new LruMap<string, TokenCredential>(options.maxTenants ?? 10_000);
  const credentialOptions = options.authorityHost ? { authorityHost: options.authorityHost } : {};
  return (tenantId) => {
    const key = tenantId.toLowerCase();
    let credential = credentials.get(key);
    if (!credential) {
      credential = new ClientSecretCredential(key, options.clientId, options.clientSecret, credentialOptions);
      credentials.set(key, credential);
    }
    return credential;
  };
}
