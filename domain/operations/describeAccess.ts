import type { Actor, DomainDeps } from '../deps.js';
import { READER_ROLES, WRITER_ROLES } from '../directoryRoles.js';
import type { Partner } from '../model.js';
import { isTenantId } from '../model.js';

export interface Access {
  /** The name the directory knows the actor by, when the role lookup says. */
  displayName?: string | undefined;
  roles: string[];
  canRead: boolean;
  canWrite: boolean;
  /** Partner profiles the actor may act for (their tenant's). */
  partnerProfiles: Partner[];
  /** Set when the roles could not be looked up: nothing is allowed then. */
  roleLookupFailed?: string;
}

/**
 * What the actor may do, for choosing which buttons to show. Showing is not permitting: every operation checks again.
 */
export async function describeAccess(deps: DomainDeps, actor: Actor): Promise<Access> {
  const partnerProfiles = deps.directory.byTenant(actor.tenantId);
  if (!isTenantId(actor.tenantId)) return { roles: [], canRead: false, canWrite: false, partnerProfiles };
  const lookup = await deps.roles.lookup(actor.tenantId, actor.objectId);
  if (!lookup.ok) return { roles: [], canRead: false, canWrite: false, partnerProfiles, roleLookupFailed: lookup.reason };
  const roles = lookup.user.roles;
  return {
    displayName: lookup.user.displayName,
    roles,
    canRead: roles.some((r) => READER_ROLES.includes(r as never)),
    canWrite: roles.some((r) => WRITER_ROLES.includes(r as never)),
    partnerProfiles,
  };
}
