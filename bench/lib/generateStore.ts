import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DAP_ROLES } from '../../domain/directoryRoles.js';
import { DIRECTORY_SCHEMA_VERSION, emptyTenant, type Partner, type TenantState, TenantStateSchema } from '../../domain/model.js';
import { STORE_SCHEMA_VERSION } from '../../storage/openStore.js';

export const PARTNER_COUNT = 50;
export const RELATIONSHIPS_PER_TENANT = 5;
export const INVITATIONS_PER_TENANT = 5;
/** Invitations a warm-up tenant holds for the benchmark to accept (and then remove the roles of) before measuring. */
export const WARM_UP_INVITATIONS_PER_TENANT = 15;
/**
 * Tenants only the benchmark's warm-up writes to, in every store, numbered from WARM_UP_TENANT_BASE so they are none
 * of the measured ones: the writes are measured on code V8 has optimized, and on tenants exactly as generated.
 */
export const WARM_UP_TENANTS = 40;
export const WARM_UP_TENANT_BASE = 1_000_000;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
export const tenantIdOf = (i: number) => `${hex(i + 1, 8)}-0000-4000-8000-${hex(i + 1, 12)}`;
export const adminOf = (i: number) => `${hex(i + 1, 8)}-aaaa-4000-8000-000000000001`;
const partnerIdOf = (p: number) => `bench-partner-${String(p).padStart(2, '0')}`;
const partnerTenantOf = (p: number) => `bbbb${hex(p, 4)}-0000-4000-8000-${hex(p, 12)}`;
export const invitationIdOf = (i: number, k: number) => `inv-${i}-${k}`;
export const warmUpInvitationIdOf = (i: number, k: number) => `warm-up-${i}-${k}`;

/** Which partners tenant i works with, and which ones invite it: fixed, so every run measures the same work. */
export const relationshipPartnersOf = (i: number) => Array.from({ length: RELATIONSHIPS_PER_TENANT }, (_, k) => partnerIdOf((i + k * 7) % PARTNER_COUNT));
const invitingPartnersOf = (i: number) => Array.from({ length: INVITATIONS_PER_TENANT }, (_, k) => partnerIdOf((i + 3 + k * 7) % PARTNER_COUNT));
/** Offsets 32 to 46: no partner that already works with or invites the tenant (offsets 0-28 and 3-31, by 7). */
export const warmUpPartnersOf = (i: number) => Array.from({ length: WARM_UP_INVITATIONS_PER_TENANT }, (_, k) => partnerIdOf((i + 32 + k) % PARTNER_COUNT));

function partners(): Partner[] {
  return Array.from({ length: PARTNER_COUNT }, (_, p) => ({
    id: partnerIdOf(p), name: `Bench Partner ${p}`, tenantId: partnerTenantOf(p),
    location: { city: p % 2 ? 'Seattle' : 'London', country: p % 2 ? 'United States' : 'United Kingdom' },
    organizationSizes: ['50-249', '250-999'], serviceKeywords: ['licensing', 'security', `skill${p}`],
    typesOffered: ['reseller', 'resellerAndDelegatedAdministrator', 'advisor'],
  }));
}

function tenant(i: number, now: Date, warmUp: boolean): TenantState {
  const state = emptyTenant(tenantIdOf(i), `Customer ${i}`);
  const at = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const expires = new Date(now.getTime() + 60 * 86_400_000).toISOString();
  state.users[adminOf(i)] = { displayName: `Admin ${i}`, email: `admin${i}@customer${i}.example`, roles: ['Global Administrator'] };
  relationshipPartnersOf(i).forEach((partnerId, k) => {
    state.relationships.push({
      // The first partner also buys through MPSA, so the load test has a change it can repeat forever (visibility).
      partnerId, customerTenantId: state.tenant.id, types: k === 0 ? ['resellerAndDelegatedAdministrator', 'mpsaPartner'] : ['resellerAndDelegatedAdministrator'], roles: [...DAP_ROLES],
      requiresAgreement: true, agreement: { acceptedBy: { objectId: adminOf(i), displayName: `Admin ${i}` }, acceptedAt: at, agreementVersion: 'MCA-2024-01' },
      mpsaPurchasesVisible: false, status: 'active', since: at, rolesGrantedAt: at, version: 1,
    });
    state.audit.push({ id: `audit-${i}-${partnerId}`, at, tenantId: state.tenant.id, partnerId, action: 'invitation.accepted', actor: { objectId: adminOf(i), tenantId: state.tenant.id, displayName: `Admin ${i}` }, before: null, after: { status: 'active' } });
  });
  const invitations = [
    ...invitingPartnersOf(i).map((partnerId, k) => ({ partnerId, id: invitationIdOf(i, k) })),
    ...(warmUp ? warmUpPartnersOf(i) : []).map((partnerId, k) => ({ partnerId, id: warmUpInvitationIdOf(i, k) })),
  ];
  invitations.forEach(({ partnerId, id }) => {
    state.invitations.push({
      id, partnerId, customerTenantId: state.tenant.id, types: ['resellerAndDelegatedAdministrator'], roles: [...DAP_ROLES],
      requiresAgreement: true, status: 'pending', createdAt: at, createdBy: { objectId: 'staff', tenantId: state.tenant.id, displayName: 'Partner staff' }, expiresAt: expires, version: 1,
    });
  });
  return state;
}

/** A partner's own tenant, with the team channel its notifications go to (reached through `serviceUrl`). */
function partnerTenant(p: number, serviceUrl: string, now: Date): TenantState {
  const state = emptyTenant(partnerTenantOf(p), `Bench Partner ${p}`);
  const conversationId = `19:bench-partner-${p}@thread.tacv2`;
  const staff = { objectId: `staff-${p}`, tenantId: state.tenant.id, displayName: `Staff ${p}` };
  state.conversations[conversationId] = {
    conversationId, kind: 'channel', title: 'Partner › Notifications', savedAt: now.toISOString(),
    reference: { channelId: 'msteams', serviceUrl, conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: state.tenant.id }, bot: { id: 'bench-bot', name: 'Partner Desk' } },
  };
  state.partnerChannels[partnerIdOf(p)] = { conversationId, registeredAt: now.toISOString(), registeredBy: staff };
  return state;
}

/**
 * Writes a store of `tenantCount` customer tenants straight in the store's layout (much faster than seeding through
 * transactions): each tenant has a Global admin, 5 partners holding the DAP roles and 5 pending invitations. With
 * `warmUpTenants`, that many more (numbered from WARM_UP_TENANT_BASE) hold 15 more invitations each for the
 * benchmark's warm-up. With a `serviceUrl`, every partner has registered a channel there, so changes are really
 * delivered as in production.
 */
export async function generateStore(dir: string, tenantCount: number, options: { now?: Date; serviceUrl?: string; warmUpTenants?: number } = {}): Promise<void> {
  const now = options.now ?? new Date();
  await mkdir(path.join(dir, 'tenants'), { recursive: true });
  await mkdir(path.join(dir, 'partner-customers'), { recursive: true });
  await writeFile(path.join(dir, 'directory.json'), JSON.stringify({ schemaVersion: DIRECTORY_SCHEMA_VERSION, partners: partners() }));
  await writeFile(path.join(dir, 'outbox-pending.json'), JSON.stringify({ schemaVersion: 1, tenants: [] }));
  const customersOf = new Map<string, string[]>();
  const warmUpTenants = Array.from({ length: options.warmUpTenants ?? 0 }, (_, j) => WARM_UP_TENANT_BASE + j);
  for (const i of [...Array.from({ length: tenantCount }, (_, i) => i), ...warmUpTenants]) {
    const warmUp = i >= WARM_UP_TENANT_BASE;
    const state = tenant(i, now, warmUp);
    if (i === 0 || i === WARM_UP_TENANT_BASE) TenantStateSchema.parse(state);
    await writeFile(path.join(dir, 'tenants', `${state.tenant.id}.json`), JSON.stringify(state));
    for (const partnerId of [...relationshipPartnersOf(i), ...invitingPartnersOf(i), ...(warmUp ? warmUpPartnersOf(i) : [])]) customersOf.set(partnerId, [...(customersOf.get(partnerId) ?? []), state.tenant.id]);
  }
  if (options.serviceUrl) {
    for (let p = 0; p < PARTNER_COUNT; p++) {
      const state = partnerTenant(p, options.serviceUrl, now);
      if (p === 0) TenantStateSchema.parse(state);
      await writeFile(path.join(dir, 'tenants', `${state.tenant.id}.json`), JSON.stringify(state));
    }
  }
  for (const [partnerId, tenants] of customersOf) await writeFile(path.join(dir, 'partner-customers', `${partnerId}.txt`), `${tenants.join('\n')}\n`);
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ schemaVersion: STORE_SCHEMA_VERSION, createdAt: now.toISOString() }));
}
