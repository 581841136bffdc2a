import type { Actor, DomainDeps } from './deps.js';
import { READER_ROLES, WRITER_ROLES } from './directoryRoles.js';
import type { Partner, Person } from './model.js';
import { isTenantId } from './model.js';
import { ok, refuse, type Result } from './result.js';

export type CustomerAccess = 'read' | 'write';

const NEEDS: Record<CustomerAccess, { need: string; roles: readonly string[] }> = {
  write: { need: "changing your organization's partner relationships takes a Global or Billing admin", roles: WRITER_ROLES },
  read: { need: "reading your organization's partner relationships takes an admin or Global Reader role", roles: READER_ROLES },
};

/**
 * Checks that the actor may read or change partner relationships of their own tenant, and returns them as the
 * person to record. The tenant is always the actor's own: a customer operation never names another tenant.
 */
export async function authorizeCustomer(deps: DomainDeps, actor: Actor, access: CustomerAccess): Promise<Result<Person>> {
  const needs = NEEDS[access];
  if (!isTenantId(actor.tenantId) || !actor.objectId) {
    return refuse({ kind: 'notAllowed', need: 'the request did not say which organization you belong to', actorRoles: [] });
  }
  const lookup = await deps.roles.lookup(actor.tenantId, actor.objectId);
  if (!lookup.ok) return refuse({ kind: 'roleLookupFailed', reason: lookup.reason });
  const held = lookup.user.roles;
  if (!held.some((role) => needs.roles.includes(role))) {
    return refuse({ kind: 'notAllowed', need: needs.need, requiredRoles: needs.roles, actorRoles: held });
  }
  return ok({
    objectId: actor.objectId,
    tenantId: actor.tenantId,
    displayName: lookup.user.displayName ?? actor.displayName,
    ...(lookup.user.email ? { email: lookup.user.email } : {}),
  });
}

/**
 * Checks that the actor works for a listed partner, and for the given profile when one is named. Membership is the
 * actor's tenant: Teams vouches for it, card data cannot change it.
 */
export function authorizePartner(deps: DomainDeps, actor: Actor, partnerId?: string): Result<{ partner: Partner; person: Person }> {
  const profiles = deps.directory.byTenant(actor.tenantId);
  if (profiles.length === 0) {
    return refuse({ kind: 'notAllowed', need: 'only staff of a listed Microsoft partner can do this, and your organization is not listed as a partner', actorRoles: [] });
  }
  const partner = partnerId === undefined ? (profiles.length === 1 ? profiles[0] : undefined) : profiles.find((p) => p.id === partnerId);
  if (!partner) {
    const need = partnerId === undefined
      ? `your organization has several partner profiles (${profiles.map((p) => p.id).join(', ')}); say which one`
      : `you can act only for your own partner profile (${profiles.map((p) => p.id).join(', ')})`;
    return refuse({ kind: 'notAllowed', need, actorRoles: [] });
  }
  return ok({ partner, person: { objectId: actor.objectId, tenantId: actor.tenantId, displayName: actor.displayName } });
}
