import { DEMO } from '../../../storage/demoIdentities.js';
import { NORTHWIND, TAILSPIN } from './storeSnapshots.js';

/**
 * For every Action.Execute verb, card data a real card of the demo world would send: the Adatum and Litware
 * invitations, Northwind's Contoso, Fabrikam and Woodgrove relationships, Adatum's own partner actions.
 */
export const VERB_SAMPLES: Record<string, Record<string, unknown>> = {
  showHelp: {},
  showHistory: {},
  showPending: {},
  showInvitation: { invitationId: DEMO.invitations.adatumDap },
  acceptInvitation: { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' },
  cancelInvitation: { invitationId: DEMO.invitations.litwareReseller, version: 1 },
  showPartners: {},
  showPartner: { partnerId: 'fabrikam' },
  acceptAgreement: { partnerId: 'fabrikam', version: 1, agreementAcknowledged: 'true' },
  confirmRemoveRoles: { partnerId: 'contoso', version: 1 },
  removeRoles: { partnerId: 'contoso', version: 1 },
  confirmEndRelationship: { partnerId: 'fabrikam', version: 1 },
  requestEnd: { partnerId: 'fabrikam', version: 1, message: 'Please wrap up by the end of the month.' },
  setMpsaVisibility: { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'true' },
  showFindPartner: { keywords: 'security' },
  searchPartners: { keywords: 'security', location: 'Seattle' },
  startContact: { selectedPartners: 'proseware' },
  contactPartners: { partnerIds: 'proseware', requestId: 'sample-request-0001', businessNeeds: 'A security review of our Microsoft 365 tenant.' },
  showRegisterChannel: {},
  registerChannel: {},
  showInviteForm: { customerTenantId: TAILSPIN },
  createInvitation: { customerTenantId: TAILSPIN, types: 'resellerAndDelegatedAdministrator', roles: 'Global Administrator', message: 'Let us manage your tenant.' },
  showMyCustomers: {},
  withdrawInvitation: { customerTenantId: NORTHWIND, invitationId: DEMO.invitations.adatumDap, version: 1 },
  confirmEndAsPartner: { customerTenantId: NORTHWIND, version: 1 },
  endRelationship: { customerTenantId: NORTHWIND, version: 1 },
};
