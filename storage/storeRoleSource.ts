import type { RoleLookup, RoleSource, TenantStore } from '../domain/ports.js';
import { isTenantId } from '../domain/model.js';
import { ownEntry } from '../domain/recordKeys.js';

/**
 * Directory roles as the store records them per tenant (demo data, tests, or an operator's own list). A user the
 * tenant does not list holds no role; a tenant the store can't read is an error, never an empty "allowed".
 */
export class StoreRoleSource implements RoleSource {
  constructor(private readonly store: TenantStore) {}

  async lookup(tenantId: string, userObjectId: string): Promise<RoleLookup> {
    if (!isTenantId(tenantId)) return { ok: true, user: { roles: [] } };
    try {
      const state = await this.store.read(tenantId);
      // Own keys only: an id such as "constructor" must not find Object.prototype's members.
      const user = state && ownEntry(state.users, userObjectId);
      if (!user) return { ok: true, user: { roles: [] } };
      return { ok: true, user: { displayName: user.displayName, email: user.email, roles: [...user.roles] } };
    } catch (error) {
      return { ok: false, reason: `the directory for this organization can't be read (${(error as Error).message})` };
    }
  }
}
