import type { Partner, TenantState } from './model.js';

/** What the store returns from a transaction's work: whether to write the draft, and the caller's answer. */
export interface TransactionOutcome<T> {
  commit: boolean;
  value: T;
}

/**
 * The tenant store. Each tenant's state is read and changed as a whole; `transact` runs one change at a time per
 * tenant, on a private draft, and writes the draft (change, audit events and notifications together) only when
 * the work says commit. A missing tenant reads as undefined and transacts on an empty draft.
 *
 * A draft's parts are its own: lists and records can be added to, filtered and replaced. Their entries may be the
 * committed ones, frozen: a list's entry is edited through `editable` (editable.ts), which swaps in a copy, and a
 * record's entry is replaced whole. A change may answer with entries of its draft: once committed they are frozen with
 * the rest of the state, so the caller gets them read-only, without a copy.
 */
export interface TenantStore {
  exists(tenantId: string): Promise<boolean>;
  /** A snapshot for reading. Callers must not mutate it. */
  read(tenantId: string): Promise<TenantState | undefined>;
  /**
   * A snapshot for a scan over many tenants: as `read`, but a tenant not already held in memory is not kept there, so
   * a scan does not push out the tenants in use.
   */
  glance(tenantId: string): Promise<TenantState | undefined>;
  transact<T>(tenantId: string, work: (draft: TenantState) => TransactionOutcome<T>): Promise<T>;
  /** Customer tenants that have, or once had, an invitation, relationship or contact request with this partner. */
  customersOf(partnerId: string): Promise<string[]>;
  /** Tenants whose outbox may hold undelivered notifications. */
  tenantsWithPendingNotifications(): Promise<string[]>;
}

/** The partner directory: who the partners are. Read-only at run time; the operator maintains it. */
export interface PartnerDirectory {
  all(): readonly Partner[];
  byId(partnerId: string): Partner | undefined;
  byTenant(tenantId: string): Partner[];
}

export interface DirectoryRoles {
  displayName?: string | undefined;
  email?: string | undefined;
  roles: string[];
}

export type RoleLookup = { ok: true; user: DirectoryRoles } | { ok: false; reason: string };

/** Who holds which directory role in a tenant. Never answers "allowed" when it cannot tell. */
export interface RoleSource {
  lookup(tenantId: string, userObjectId: string): Promise<RoleLookup>;
}

export interface Clock {
  now(): Date;
}

export interface IdSource {
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdSource = { newId: () => globalThis.crypto.randomUUID() };
