import type { Clock, IdSource, PartnerDirectory, RoleSource, TenantStore } from './ports.js';

/** Everything an operation needs from outside the domain, injected by whoever wires the app (or a test). */
export interface DomainDeps {
  store: TenantStore;
  directory: PartnerDirectory;
  roles: RoleSource;
  clock: Clock;
  ids: IdSource;
  settings: DomainSettings;
}

export interface DomainSettings {
  /** The Microsoft Customer Agreement text version an acceptance records. */
  agreementVersion: string;
  /** The agreement's public address, shown on cards. */
  agreementUrl: string;
  /** Days an invitation stays open before it expires (the admin center uses 90). */
  invitationLifetimeDays: number;
}

export const DEFAULT_SETTINGS: DomainSettings = {
  agreementVersion: 'MCA-2024-01',
  agreementUrl: 'https://www.microsoft.com/licensing/docs/customeragreement',
  invitationLifetimeDays: 90,
};

/** The person making a request, as Teams identified them: never taken from card data. */
export interface Actor {
  objectId: string;
  tenantId: string;
  displayName: string;
}
