import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import { auditTrailCard } from '../../cards/auditTrailCard.js';
import { contactFormCard } from '../../cards/contactFormCard.js';
import { endRelationshipCard } from '../../cards/endRelationshipCard.js';
import { endRequestCard } from '../../cards/endRequestCard.js';
import { findPartnerCard } from '../../cards/findPartnerCard.js';
import { invitationCard } from '../../cards/invitationCard.js';
import { inviteCustomerCard } from '../../cards/inviteCustomerCard.js';
import { messageCard } from '../../cards/messageCard.js';
import { notificationCard } from '../../cards/notificationCard.js';
import { partnerCustomersCard } from '../../cards/partnerCustomersCard.js';
import { partnerDetailsCard } from '../../cards/partnerDetailsCard.js';
import { partnersCard } from '../../cards/partnersCard.js';
import { pendingListCard } from '../../cards/pendingListCard.js';
import { registerChannelCard } from '../../cards/registerChannelCard.js';
import { removeRolesCard } from '../../cards/removeRolesCard.js';
import { searchResultsCard } from '../../cards/searchResultsCard.js';
import { welcomeCard } from '../../cards/welcomeCard.js';
import { acceptInvitation } from '../../domain/operations/acceptInvitation.js';
import { contactPartners } from '../../domain/operations/contactPartners.js';
import { getPartnerDetails } from '../../domain/operations/getPartnerDetails.js';
import { listPartnerCustomers } from '../../domain/operations/listPartnerCustomers.js';
import { listPendingInvitations } from '../../domain/operations/listPendingInvitations.js';
import { listRelationships } from '../../domain/operations/listRelationships.js';
import { readAuditTrail } from '../../domain/operations/readAuditTrail.js';
import { removeRoles } from '../../domain/operations/removeRoles.js';
import { requestEndRelationship } from '../../domain/operations/requestEndRelationship.js';
import { searchPartners } from '../../domain/operations/searchPartners.js';
import type { Result } from '../../domain/result.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { ACTORS, createTestWorld, partnerActor } from './testWorld.js';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`sample data: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

/**
 * Every card Partner Desk sends, filled from the demo data after a few real operations, keyed by a readable name.
 * Card tests validate and render these; `npm run cards:docs` keeps pictures of the main ones.
 */
export async function sampleCards(): Promise<Record<string, AdaptiveCard>> {
  const world = await createTestWorld();
  try {
    const { deps } = world;
    const settings = deps.settings;
    const admin = ACTORS.globalAdmin;
    const pending = value(await listPendingInvitations(deps, admin));
    const details = value(await getPartnerDetails(deps, admin, 'contoso'));
    const fabrikam = value(await getPartnerDetails(deps, admin, 'fabrikam'));
    const woodgrove = value(await getPartnerDetails(deps, admin, 'woodgrove'));
    const invited = value(await getPartnerDetails(deps, admin, 'litware'));
    const relationships = value(await listRelationships(deps, admin));
    const contoso = relationships.find((r) => r.relationship.partnerId === 'contoso')!;
    const matches = value(await searchPartners(deps, admin, { location: 'Seattle', keywords: 'security licensing' }));

    const accepted = value(await acceptInvitation(deps, admin, { invitationId: DEMO.invitations.adatumDap, agreementAcknowledged: true }));
    value(await removeRoles(deps, admin, { partnerId: 'contoso' }));
    const afterRemoval = value(await getPartnerDetails(deps, admin, 'contoso'));
    value(await requestEndRelationship(deps, admin, { partnerId: 'woodgrove', message: 'We are consolidating partners.' }));
    value(await contactPartners(deps, admin, { requestId: 'sample-request-1', partnerIds: ['proseware'], businessNeeds: 'We need a security review of our Microsoft 365 tenant before March.' }));
    const audit = value(await readAuditTrail(deps, admin));
    const northwind = (await deps.store.read(DEMO.northwind.tenantId))!;
    const customers = value(await listPartnerCustomers(deps, partnerActor('contoso')));
    const partnerName = (id: string) => deps.directory.byId(id)?.name ?? id;
    // Lists longer than a card shows (see cards/paging.ts): the demo rows repeated under other names.
    const many = <T>(rows: readonly T[], rename: (row: T, i: number) => T) => Array.from({ length: 45 }, (_, i) => rename(rows[i % rows.length]!, i));
    const manyCustomers = many(customers.customers, (c, i) => ({ ...c, customerName: `${c.customerName} ${i + 1}` }));
    const manyPending = many(pending, (v, i) => ({ ...v, invitation: { ...v.invitation, id: `${v.invitation.id}-${i}` } }));
    const manyRelationships = many(relationships, (v, i) => ({ ...v, relationship: { ...v.relationship, partnerId: `${v.relationship.partnerId}-${i}` } }));
    const manyMatches = many(matches, (m, i) => ({ ...m, partner: { ...m.partner, id: `${m.partner.id}-${i}`, name: `${m.partner.name} ${i + 1}` } }));
    const notifications = Object.fromEntries(northwind.outbox.map((n) => [`notification-${n.event}`, notificationCard(n, partnerName(n.partnerId))]));

    return {
      welcomeAdmin: welcomeCard({ displayName: 'Jane Doe', roles: ['Global Administrator'], canRead: true, canWrite: true, partnerNames: [], inChannel: false }),
      welcomeHelpdesk: welcomeCard({ displayName: 'Hana Kim', roles: ['Helpdesk Administrator'], canRead: true, canWrite: false, partnerNames: [], inChannel: false }),
      welcomePartner: welcomeCard({ displayName: 'Carla Diaz', roles: [], canRead: false, canWrite: false, partnerNames: ['Contoso Cloud Solutions'], inChannel: true }),
      welcomeNobody: welcomeCard({ displayName: 'Pat Lee', roles: [], canRead: false, canWrite: false, partnerNames: [], inChannel: false }),
      pendingList: pendingListCard(pending),
      pendingListEmpty: pendingListCard([]),
      invitationPending: invitationCard(pending[0]!, { canAct: true, settings }),
      invitationReadOnly: invitationCard(pending[0]!, { canAct: false, settings }),
      invitationAccepted: invitationCard(accepted.invitation, { canAct: true, settings, banner: { style: 'attention', text: 'Already accepted by Jane Doe' } }),
      partners: partnersCard(relationships, { canWrite: true, banner: { style: 'good', text: 'Adatum Consulting is now authorized.' } }),
      partnerDetails: partnerDetailsCard(details, { canWrite: true, settings }),
      partnerDetailsNeedsAgreement: partnerDetailsCard(fabrikam, { canWrite: true, settings }),
      partnerDetailsMpsa: partnerDetailsCard(woodgrove, { canWrite: true, settings }),
      partnerDetailsAfterRemoval: partnerDetailsCard(afterRemoval, { canWrite: true, settings, banner: { style: 'good', text: 'Roles removed. Contoso Cloud Solutions is still your Reseller.' } }),
      partnerDetailsReadOnly: partnerDetailsCard(details, { canWrite: false, settings }),
      partnerDetailsInvited: partnerDetailsCard(invited, { canWrite: true, settings }),
      // An active partner that also has an invitation waiting (e.g. asking for more roles): the most buttons this card has.
      partnerDetailsWithInvitation: partnerDetailsCard({ ...fabrikam, pendingInvitations: invited.pendingInvitations }, { canWrite: true, settings }),
      removeRoles: removeRolesCard(contoso),
      endRequest: endRequestCard(contoso),
      findPartner: findPartnerCard({ location: 'Seattle' }),
      searchResults: searchResultsCard(matches, { location: 'Seattle', keywords: 'security licensing' }, { canContact: true }),
      searchResultsReadOnly: searchResultsCard(matches, { location: 'Seattle' }, { canContact: false }),
      searchNoResults: searchResultsCard([], { location: 'Antarctica' }, { canContact: true }),
      contactForm: contactFormCard([matches[0]!.partner], { requestId: 'r-1', contactEmail: 'jane@northwind.example' }),
      auditTrail: auditTrailCard(audit, { partnerName }),
      message: messageCard({ title: 'Not allowed', text: 'Changing partner relationships takes a Global or Billing admin.', banner: { style: 'attention', text: 'Nothing was changed' }, facts: [{ title: 'Your roles', value: 'Helpdesk Administrator' }] }),
      registerChannel: registerChannelCard(deps.directory.byId('contoso')!, { current: undefined, inChannel: true, isCurrentChannel: false }),
      inviteCustomer: inviteCustomerCard(deps.directory.byId('contoso')!),
      partnerCustomers: partnerCustomersCard(customers.partner, customers.customers),
      partnerCustomersPage2: partnerCustomersCard(customers.partner, manyCustomers, undefined, 2),
      pendingListPage1: pendingListCard(manyPending),
      partnersLastPage: partnersCard(manyRelationships, { canWrite: true, page: 3 }),
      searchResultsPage2: searchResultsCard(manyMatches, { location: 'Seattle' }, { canContact: true, page: 2 }),
      endRelationship: endRelationshipCard({ partnerName: 'Contoso Cloud Solutions', customerName: 'Northwind Traders', customerTenantId: DEMO.northwind.tenantId, version: 3 }),
      ...notifications,
    };
  } finally {
    await world.dispose();
  }
}
