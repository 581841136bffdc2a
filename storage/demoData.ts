import { DAP_ROLES } from '../domain/directoryRoles.js';
import { expiryDate } from '../domain/invitationLifecycle.js';
import type { Partner, Person, Relationship, TenantState } from '../domain/model.js';
import { emptyTenant } from '../domain/model.js';
import { DEMO } from './demoIdentities.js';
import type { StoreSeed } from './openStore.js';

const P = DEMO.partners;

const PARTNERS: Partner[] = [
  { ...pick(P.contoso), location: { city: 'Seattle', region: 'WA', country: 'United States' }, organizationSizes: ['50-249', '250-999', '1000+'], serviceKeywords: ['licensing', 'Microsoft 365', 'migration', 'identity', 'managed services', 'Azure'], typesOffered: ['reseller', 'delegatedAdministrator', 'resellerAndDelegatedAdministrator'], description: 'Sells and runs Microsoft 365 and Azure for mid-size and large companies.', website: 'https://contoso.example' },
  { ...pick(P.fabrikam), location: { city: 'London', country: 'United Kingdom' }, organizationSizes: ['1-9', '10-49', '50-249'], serviceKeywords: ['licensing', 'helpdesk', 'password reset', 'support', 'Microsoft 365'], typesOffered: ['reseller', 'advisor'], description: 'Licences and first-line support for small businesses.', website: 'https://fabrikam.example' },
  { ...pick(P.adatum), location: { city: 'Berlin', country: 'Germany' }, organizationSizes: ['250-999', '1000+'], serviceKeywords: ['security', 'compliance', 'managed services', 'Intune', 'identity'], typesOffered: ['resellerAndDelegatedAdministrator', 'partner'], description: 'Managed security and compliance with delegated administration.', website: 'https://adatum.example' },
  { ...pick(P.litware), location: { city: 'Toronto', region: 'ON', country: 'Canada' }, organizationSizes: ['10-49', '50-249', '250-999'], serviceKeywords: ['licensing', 'line-of-business apps', 'Power Apps', 'development'], typesOffered: ['reseller', 'lobPartner'], description: 'Licensing and custom line-of-business apps.', website: 'https://litware.example' },
  { ...pick(P.woodgrove), location: { city: 'Sydney', region: 'NSW', country: 'Australia' }, organizationSizes: ['1000+'], serviceKeywords: ['MPSA', 'volume licensing', 'advisory', 'support', 'password reset'], typesOffered: ['mpsaPartner', 'partner', 'advisor'], description: 'Volume licensing through MPSA and advisory services for enterprises.', website: 'https://woodgrove.example' },
  { ...pick(P.proseware), location: { city: 'Seattle', region: 'WA', country: 'United States' }, organizationSizes: ['10-49', '50-249'], serviceKeywords: ['security', 'Defender', 'incident response', 'identity'], typesOffered: ['advisor', 'partner'], description: 'Security reviews and incident response for growing companies.', website: 'https://proseware.example' },
  { ...pick(P.relecloud), location: { city: 'Austin', region: 'TX', country: 'United States' }, organizationSizes: ['50-249', '250-999', '1000+'], serviceKeywords: ['data', 'analytics', 'Power BI', 'Azure', 'line-of-business apps'], typesOffered: ['lobPartner', 'reseller'], description: 'Data platforms, Power BI and analytics apps.', website: 'https://relecloud.example' },
];

function pick(p: { id: string; name: string; tenantId: string }) {
  return { id: p.id, name: p.name, tenantId: p.tenantId };
}

function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

function staffOf(partner: (typeof P)[keyof typeof P]): Person {
  return { objectId: partner.staff.objectId, tenantId: partner.tenantId, displayName: partner.staff.name };
}

function customerTenant(customer: typeof DEMO.northwind | typeof DEMO.tailspin): TenantState {
  const state = emptyTenant(customer.tenantId, customer.name);
  state.tenant.domain = customer.domain;
  for (const user of Object.values(customer.users)) {
    state.users[user.objectId] = { displayName: user.name, email: user.email, roles: [...user.roles] };
  }
  return state;
}

function partnerTenant(partner: (typeof P)[keyof typeof P]): TenantState {
  const state = emptyTenant(partner.tenantId, partner.name);
  state.users[partner.staff.objectId] = { displayName: partner.staff.name, roles: [] };
  return state;
}

/**
 * The demo world `npm start` begins with: Northwind Traders works with Contoso (reseller and delegated admin, MCA
 * signed), Fabrikam (reseller, MCA not signed yet) and Woodgrove (MPSA partner and advisor); Adatum invites it with
 * the DAP roles and Litware as a reseller only. Tailspin Toys is a second customer, to show tenants stay apart.
 */
export function demoSeed(now: Date = new Date()): StoreSeed {
  const northwind = customerTenant(DEMO.northwind);
  const jane = DEMO.northwind.users.globalAdmin;
  const signedBy = { objectId: jane.objectId, displayName: jane.name, email: jane.email };

  const relationship = (partnerId: string, sinceDays: number, extra: Partial<Relationship>): Relationship => ({
    partnerId, customerTenantId: DEMO.northwind.tenantId, types: [], roles: [], requiresAgreement: false,
    mpsaPurchasesVisible: false, status: 'active', since: daysAgo(now, sinceDays), version: 1, ...extra,
  });
  northwind.relationships.push(
    relationship(P.contoso.id, 400, {
      types: ['resellerAndDelegatedAdministrator'], roles: [...DAP_ROLES], requiresAgreement: true, rolesGrantedAt: daysAgo(now, 400),
      agreement: { acceptedBy: signedBy, acceptedAt: daysAgo(now, 400), agreementVersion: 'MCA-2024-01' },
    }),
    relationship(P.fabrikam.id, 120, { types: ['reseller'], requiresAgreement: true }),
    relationship(P.woodgrove.id, 800, { types: ['mpsaPartner', 'advisor'] }),
  );
  northwind.invitations.push(
    {
      id: DEMO.invitations.adatumDap, partnerId: P.adatum.id, customerTenantId: DEMO.northwind.tenantId,
      types: ['resellerAndDelegatedAdministrator'], roles: [...DAP_ROLES], requiresAgreement: true,
      message: 'We would like to manage your Microsoft 365 security baseline.', status: 'pending',
      createdAt: daysAgo(now, 3), createdBy: staffOf(P.adatum), expiresAt: expiryDate(new Date(daysAgo(now, 3)), 90), version: 1,
    },
    {
      id: DEMO.invitations.litwareReseller, partnerId: P.litware.id, customerTenantId: DEMO.northwind.tenantId,
      types: ['reseller'], roles: [], requiresAgreement: true, status: 'pending',
      createdAt: daysAgo(now, 1), createdBy: staffOf(P.litware), expiresAt: expiryDate(new Date(daysAgo(now, 1)), 90), version: 1,
    },
  );

  for (const invitation of northwind.invitations) {
    northwind.audit.push({
      id: `demo-audit-${invitation.id}`, at: invitation.createdAt, tenantId: DEMO.northwind.tenantId, partnerId: invitation.partnerId,
      action: 'invitation.created', actor: invitation.createdBy, subject: invitation.id, before: null,
      after: { status: 'pending', types: invitation.types, roles: invitation.roles, version: 1 },
    });
  }

  const tailspin = customerTenant(DEMO.tailspin);
  tailspin.relationships.push({
    partnerId: P.contoso.id, customerTenantId: DEMO.tailspin.tenantId, types: ['reseller'], roles: [], requiresAgreement: true,
    agreement: { acceptedBy: { objectId: DEMO.tailspin.users.globalAdmin.objectId, displayName: DEMO.tailspin.users.globalAdmin.name }, acceptedAt: daysAgo(now, 30), agreementVersion: 'MCA-2024-01' },
    mpsaPurchasesVisible: false, status: 'active', since: daysAgo(now, 30), version: 1,
  });

  return { partners: PARTNERS, tenants: [northwind, tailspin, ...Object.values(P).map(partnerTenant)] };
}
