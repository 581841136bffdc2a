import assert from 'node:assert/strict';
import { VERBS } from '../../bot/actionRouter.js';
import type { Actor } from '../../domain/deps.js';
import type { AuditEvent } from '../../domain/model.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { partnerChannel, registerPartnerChannel } from '../support/flowSteps.js';
import { personalConversationId, type Place } from '../support/teamsActivities.js';
import { ACTORS, type ActorName } from '../support/testWorld.js';
import { ADATUM, diffStores, NORTHWIND, snapshotStore, type StoreSnapshot, TAILSPIN, tenantName } from './support/storeSnapshots.js';

/**
 * The authorization matrix, through the real HTTP endpoint: every chat command and every Action.Execute verb, pressed
 * or typed by each of the seven people the rules tell apart. For each cell the test posts the real Teams activity and
 * checks what came back (the real content, or a refusal naming what is missing, never another tenant's data) and what
 * the store holds afterwards (every tenant file compared before and after).
 *
 *   A  allowed: the real content; for a change, the change is made, in the tenant(s) it belongs to and nowhere else
 *   D  denied: a refusal naming the roles (or partner listing) needed; no tenant's business state changes
 *   O  own tenant only: Tailspin's Global admin may do this, but only in Tailspin; card data naming Northwind's
 *      invitations or relationships finds nothing there, and nothing changes anywhere (contact partners, which names
 *      only public directory partners, is Tailspin's own request and changes Tailspin only)
 */
type Cell = 'A' | 'D' | 'O';

const COLUMNS = ['globalAdmin', 'billingAdmin', 'helpdeskAdmin', 'globalReader', 'plainUser', 'partnerStaff', 'otherTenantAdmin'] as const satisfies readonly ActorName[];

// The expected table. Columns: Global admin, Billing admin, Helpdesk admin, Global Reader, user without a role,
// Adatum staff (partner), Tailspin's Global admin (another customer tenant).
//                                                       gA   bA   hA   gR   user staff Tailspin
const TABLE: Record<string, readonly Cell[]> = {
  'say: help':                                         ['A', 'A', 'A', 'A', 'A', 'A', 'A'],
  'say: pending invitations':                          ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'say: partners':                                     ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'say: show Fabrikam':                                ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'say: find a partner':                               ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'say: history':                                      ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'say: register channel':                             ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'say: invite <Tailspin tenant id>':                  ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'say: my customers':                                 ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'ask: which partners have admin roles?':             ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'ask: who can reset passwords for us?':              ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'ask: is Fabrikam a reseller?':                      ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'ask: did we sign the customer agreement?':          ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'ask: what changed this week?':                      ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'ask: does Woodgrove have admin roles?':             ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'ask: who are our partners?':                        ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: showHelp':                                   ['A', 'A', 'A', 'A', 'A', 'A', 'A'],
  'press: showHistory':                                ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: showPending':                                ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: showInvitation':                             ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: acceptInvitation':                           ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: cancelInvitation':                           ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: showPartners':                               ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: showPartner':                                ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: acceptAgreement':                            ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: confirmRemoveRoles':                         ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: removeRoles':                                ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: confirmEndRelationship':                     ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: requestEnd':                                 ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: setMpsaVisibility':                          ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: showFindPartner':                            ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: searchPartners':                             ['A', 'A', 'A', 'A', 'D', 'D', 'O'],
  'press: startContact':                               ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: contactPartners':                            ['A', 'A', 'D', 'D', 'D', 'D', 'O'],
  'press: showRegisterChannel':                        ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: registerChannel':                            ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: showInviteForm':                             ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: createInvitation':                           ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: showMyCustomers':                            ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: withdrawInvitation':                         ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: confirmEndAsPartner':                        ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
  'press: endRelationship':                            ['D', 'D', 'D', 'D', 'D', 'A', 'D'],
};

/** What a denial must name. */
const REFUSALS = {
  read: /Not allowed: reading your organization's partner relationships takes an admin or Global Reader role\. You need one of: Global Administrator, Billing Administrator, Helpdesk Administrator, Global Reader\./,
  write: /Not allowed: changing your organization's partner relationships takes a Global or Billing admin\. You need one of: Global Administrator, Billing Administrator\./,
  partner: /Not allowed: only staff of a listed Microsoft partner can do this, and your organization is not listed as a partner\./,
} as const;

/** Verbs that change something, or lead straight to a change: a denied answer never offers them. */
const CHANGING_VERBS = new Set(['acceptInvitation', 'cancelInvitation', 'acceptAgreement', 'confirmRemoveRoles', 'removeRoles', 'confirmEndRelationship', 'requestEnd',
  'setMpsaVisibility', 'startContact', 'contactPartners', 'registerChannel', 'createInvitation', 'withdrawInvitation', 'confirmEndAsPartner', 'endRelationship']);

interface Change {
  /** The tenant the change is stored in. */
  tenant: string;
  /** The audit event it writes there, by the actor. */
  audit: string;
}

interface Row {
  /** Chat text, or a verb with the card data Teams would send. */
  say?: string;
  verb?: string;
  data?: Record<string, unknown>;
  /** Typed or pressed in a team channel of the actor's own tenant instead of the personal chat. */
  inChannel?: boolean;
  /** Which refusal a D cell must show. */
  needs: keyof typeof REFUSALS | 'none';
  /** Content an A cell must show, by actor when it differs. */
  shows: RegExp | Partial<Record<ActorName, RegExp>>;
  /** Content Tailspin's O cell must show. */
  ownShows?: RegExp;
  /** For a change: where A cells make it (and, for contact partners, where Tailspin's own O cell makes it). */
  change?: Change;
  ownChange?: Change;
  /** State made before every cell (through the bot, before the "before" snapshot). */
  setup?: (bot: BotHarness) => Promise<void>;
  /** Answers list partners from the public partner directory (search results), so any partner's name may appear. */
  directory?: boolean;
  /** Other strings the answer may legitimately carry for the partner staff column (its own invitee). */
  partnerMaySee?: string[];
}

const INVITE_TAILSPIN = `invite ${TAILSPIN}`;

const ROWS: Record<keyof typeof TABLE, Row> = {
  'say: help': {
    say: 'help', needs: 'none',
    shows: {
      globalAdmin: /Hi Jane Doe[\s\S]*As a Global or Billing admin/, billingAdmin: /Hi Bill Ramos[\s\S]*As a Global or Billing admin/,
      helpdeskAdmin: /Hi Hana Kim[\s\S]*As helpdesk \(read only\)/, globalReader: /Hi Reza Patel[\s\S]*As helpdesk \(read only\)/,
      plainUser: /Hi Pat Lee[\s\S]*Nothing to do here yet[\s\S]*You hold no admin role/, partnerStaff: /Hi Ada Quinn[\s\S]*As staff of Adatum Consulting/,
      otherTenantAdmin: /Hi Tom Baker[\s\S]*As a Global or Billing admin/,
    },
  },
  'say: pending invitations': { say: 'pending invitations', needs: 'read', shows: /Litware Licensing wants to work with you[\s\S]*Adatum Consulting wants to work with you[\s\S]*Global Administrator, Helpdesk Administrator/, ownShows: /No invitations are waiting for your organization/ },
  'say: partners': { say: 'partners', needs: 'read', shows: /3 partners · select one for details[\s\S]*Contoso Cloud Solutions[\s\S]*Fabrikam IT Services[\s\S]*Woodgrove Advisors/, ownShows: /1 partner · select one for details\nDetails for Contoso Cloud Solutions[\s\S]*Reseller\nNo admin roles/ },
  'say: show Fabrikam': { say: 'show Fabrikam', needs: 'read', shows: /Fabrikam IT Services[\s\S]*Partner type\nReseller\n[\s\S]*MCA not accepted yet/, ownShows: /Fabrikam IT Services[\s\S]*You don’t work with this partner/ },
  'say: find a partner': { say: 'find a partner', needs: 'read', shows: /Find a partner\nMicrosoft-certified solution providers[\s\S]*Location[\s\S]*Go/, ownShows: /Find a partner\nMicrosoft-certified solution providers/ },
  'say: history': { say: 'history', needs: 'read', shows: /Latest 2 changes\nLitware Licensing: sent an invitation\nLars Berg[\s\S]*Adatum Consulting: sent an invitation\nAda Quinn/, ownShows: /Nothing recorded yet\nNo changes recorded\./ },
  'say: register channel': { say: 'register channel', inChannel: true, needs: 'partner', shows: /Notifications for Adatum Consulting\nRegistered elsewhere\nNotifications for Adatum Consulting go to Adatum Consulting team › Partner Desk[\s\S]*Register this channel/ },
  'say: invite <Tailspin tenant id>': { say: INVITE_TAILSPIN, needs: 'partner', shows: new RegExp(`Invite a customer\\nAdatum Consulting asks a customer to start a partner relationship\\nCustomer tenant id\\n${TAILSPIN}`) },
  'say: my customers': { say: 'my customers', needs: 'partner', shows: /Customers of Adatum Consulting\n1 customer\nNorthwind Traders\nNo relationship yet\nPending invitation: Reseller & delegated administrator/ },
  'ask: which partners have admin roles?': { say: 'which partners have admin roles?', needs: 'read', shows: /1 partner holds admin roles in your organization:\n\n- \*\*Contoso Cloud Solutions\*\*: Global Administrator, Helpdesk Administrator/, ownShows: /^No partner holds admin roles in your organization\.$/ },
  'ask: who can reset passwords for us?': { say: 'who can reset passwords for us?', needs: 'read', shows: /\*\*Contoso Cloud Solutions\*\*: through its Global Administrator and Helpdesk Administrator role\n- \*\*Woodgrove Advisors\*\*: as your Advisor/, ownShows: /^No partner can reset passwords for you/ },
  'ask: is Fabrikam a reseller?': { say: 'is Fabrikam a reseller?', needs: 'read', shows: /^\*\*Yes\.\*\* Fabrikam IT Services works with you as: Reseller/, ownShows: /^\*\*No\.\*\* You don't work with Fabrikam IT Services\. They offer: Reseller, Advisor\.$/ },
  'ask: did we sign the customer agreement?': { say: 'did we sign the customer agreement?', needs: 'read', shows: /Not for every partner: 1 still needs it[\s\S]*\*\*Fabrikam IT Services\*\*: \*\*not accepted yet\*\*/, ownShows: /Yes, every partner that needs it has the Microsoft Customer Agreement accepted\.\n\n- \*\*Contoso Cloud Solutions\*\*: accepted by Tom Baker/ },
  'ask: what changed this week?': { say: 'what changed this week?', needs: 'read', shows: /What changed\nLatest 2 changes this week/, ownShows: /No changes recorded this week/ },
  'ask: does Woodgrove have admin roles?': { say: 'does Woodgrove have admin roles?', needs: 'read', shows: /^\*\*No\.\*\* Woodgrove Advisors holds no admin roles\.$/, ownShows: /^You don't work with Woodgrove Advisors, so they hold no admin roles in your organization\.$/ },
  'ask: who are our partners?': { say: 'who are our partners?', needs: 'read', shows: /3 partners · select one for details/, ownShows: /1 partner · select one for details/ },

  'press: showHelp': { verb: 'showHelp', needs: 'none', shows: { plainUser: /Nothing to do here yet/, partnerStaff: /As staff of Adatum Consulting/, helpdeskAdmin: /As helpdesk/, globalReader: /As helpdesk/, globalAdmin: /As a Global or Billing admin/, billingAdmin: /As a Global or Billing admin/, otherTenantAdmin: /Hi Tom Baker[\s\S]*As a Global or Billing admin/ } },
  'press: showHistory': { verb: 'showHistory', data: {}, needs: 'read', shows: /History\nLatest 2 changes/, ownShows: /No changes recorded\./ },
  'press: showPending': { verb: 'showPending', needs: 'read', shows: /2 invitations waiting · select one to review\nReview Litware Licensing[\s\S]*Review Adatum Consulting/, ownShows: /No invitations are waiting for your organization/ },
  'press: showInvitation': { verb: 'showInvitation', data: { invitationId: DEMO.invitations.adatumDap }, needs: 'read', shows: /Adatum Consulting wants to work with you[\s\S]*security baseline/, ownShows: /No invitation "inv-adatum-dap" was found for your organization/ },
  'press: acceptInvitation': {
    verb: 'acceptInvitation', data: { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' }, needs: 'write',
    shows: /Adatum Consulting is now authorized with Global Administrator and Helpdesk Administrator\. They are being notified in their Teams channel\.[\s\S]*4 partners/,
    ownShows: /No invitation "inv-adatum-dap" was found for your organization/, change: { tenant: NORTHWIND, audit: 'invitation.accepted' },
  },
  'press: cancelInvitation': {
    verb: 'cancelInvitation', data: { invitationId: DEMO.invitations.litwareReseller, version: 1 }, needs: 'write',
    shows: /Invitation cancelled: no roles were granted to Litware Licensing/, ownShows: /No invitation "inv-litware-reseller" was found for your organization/,
    change: { tenant: NORTHWIND, audit: 'invitation.cancelled' },
  },
  'press: showPartners': { verb: 'showPartners', needs: 'read', shows: /3 partners · select one for details/, ownShows: /1 partner · select one for details/ },
  'press: showPartner': { verb: 'showPartner', data: { partnerId: 'fabrikam' }, needs: 'read', shows: /Fabrikam IT Services[\s\S]*Working together since/, ownShows: /You don’t work with this partner/ },
  'press: acceptAgreement': {
    verb: 'acceptAgreement', data: { partnerId: 'fabrikam', version: 1, agreementAcknowledged: 'true' }, needs: 'write',
    shows: /Microsoft Customer Agreement accepted for Fabrikam IT Services/, ownShows: /No relationship "fabrikam" was found for your organization/,
    change: { tenant: NORTHWIND, audit: 'agreement.accepted' },
  },
  'press: confirmRemoveRoles': { verb: 'confirmRemoveRoles', data: { partnerId: 'contoso', version: 1 }, needs: 'write', shows: /^Remove roles\?[\s\S]*Global Administrator, Helpdesk Administrator/, ownShows: /Contoso Cloud Solutions holds no admin roles\. Nothing to remove\./ },
  'press: removeRoles': {
    verb: 'removeRoles', data: { partnerId: 'contoso', version: 1 }, needs: 'write',
    shows: /Admin roles removed from Contoso Cloud Solutions\. The relationship stays: still your Reseller\./, ownShows: /Already done: this partner holds no admin roles/,
    change: { tenant: NORTHWIND, audit: 'roles.removed' },
  },
  'press: confirmEndRelationship': { verb: 'confirmEndRelationship', data: { partnerId: 'fabrikam', version: 1 }, needs: 'write', shows: /Ask Fabrikam IT Services to end the relationship/, ownShows: /You have no active relationship with Fabrikam IT Services/ },
  'press: requestEnd': {
    verb: 'requestEnd', data: { partnerId: 'fabrikam', version: 1, message: 'Please wrap up by the end of the month.' }, needs: 'write',
    shows: /Request sent to Fabrikam IT Services/, ownShows: /No relationship "fabrikam" was found for your organization/,
    change: { tenant: NORTHWIND, audit: 'relationship.endRequested' },
  },
  'press: setMpsaVisibility': {
    verb: 'setMpsaVisibility', data: { partnerId: 'woodgrove', version: 1, mpsaPurchasesVisible: 'true' }, needs: 'write',
    shows: /Saved: this MPSA partner can now see purchases made by your other MPSA partners/, ownShows: /No relationship "woodgrove" was found for your organization/,
    change: { tenant: NORTHWIND, audit: 'mpsa.visibilityChanged' },
  },
  'press: showFindPartner': { verb: 'showFindPartner', needs: 'read', shows: /Find a partner\nMicrosoft-certified solution providers/, ownShows: /Find a partner\nMicrosoft-certified solution providers/ },
  'press: searchPartners': { verb: 'searchPartners', data: { keywords: 'security' }, needs: 'read', directory: true, shows: /2 partners matching “security”\nAdatum Consulting[\s\S]*Proseware Security/, ownShows: /2 partners matching “security”/ },
  'press: startContact': { verb: 'startContact', data: { selectedPartners: 'proseware' }, needs: 'write', shows: /Contact selected providers\nTo: Proseware Security[\s\S]*@northwind\.example/, ownShows: /Contact selected providers\nTo: Proseware Security[\s\S]*tom@tailspin\.example/ },
  'press: contactPartners': {
    verb: 'contactPartners', data: { partnerIds: 'proseware', requestId: 'matrix-request-0001', businessNeeds: 'A security review of our Microsoft 365 tenant.' }, needs: 'write',
    shows: /Sent to Proseware Security\nRequest sent/, ownShows: /Sent to Proseware Security\nRequest sent/,
    change: { tenant: NORTHWIND, audit: 'partners.contacted' }, ownChange: { tenant: TAILSPIN, audit: 'partners.contacted' },
  },
  'press: showRegisterChannel': { verb: 'showRegisterChannel', needs: 'partner', shows: /Notifications for Adatum Consulting/ },
  'press: registerChannel': { verb: 'registerChannel', inChannel: true, needs: 'partner', shows: /This channel is registered\.[\s\S]*Notifications for Adatum Consulting\nRegistered/, change: { tenant: ADATUM, audit: 'channel.registered' } },
  'press: showInviteForm': { verb: 'showInviteForm', data: { customerTenantId: TAILSPIN }, needs: 'partner', shows: /Invite a customer\nAdatum Consulting asks a customer/ },
  'press: createInvitation': {
    verb: 'createInvitation', data: { customerTenantId: TAILSPIN, types: 'resellerAndDelegatedAdministrator', roles: 'Global Administrator', message: 'Let us manage your tenant.' }, needs: 'partner',
    shows: /Invitation sent to Tailspin Toys\.[\s\S]*2 customers/, change: { tenant: TAILSPIN, audit: 'invitation.created' }, partnerMaySee: ['Tailspin Toys'],
  },
  'press: showMyCustomers': { verb: 'showMyCustomers', needs: 'partner', shows: /Customers of Adatum Consulting\n1 customer\nNorthwind Traders/ },
  'press: withdrawInvitation': {
    verb: 'withdrawInvitation', data: { customerTenantId: NORTHWIND, invitationId: DEMO.invitations.adatumDap, version: 1 }, needs: 'partner',
    shows: /Invitation withdrawn\. The customer has been told\./, change: { tenant: NORTHWIND, audit: 'invitation.withdrawn' },
  },
  'press: confirmEndAsPartner': { verb: 'confirmEndAsPartner', data: { customerTenantId: NORTHWIND, version: 1 }, needs: 'partner', shows: /End the relationship with Northwind Traders\?/, setup: acceptAdatum },
  'press: endRelationship': {
    verb: 'endRelationship', data: { customerTenantId: NORTHWIND, version: 1 }, needs: 'partner', setup: acceptAdatum,
    shows: /Relationship ended\. All types and admin roles are gone; the customer has been told\./, change: { tenant: NORTHWIND, audit: 'relationship.ended' },
  },
};

/** Jane accepts Adatum's invitation, so Adatum has a relationship it can end. */
async function acceptAdatum(bot: BotHarness): Promise<void> {
  const card = await bot.press(ACTORS.globalAdmin, 'acceptInvitation', { invitationId: DEMO.invitations.adatumDap, version: 1, agreementAcknowledged: 'true' });
  assert.match(cardText(card), /Adatum Consulting is now authorized/);
}

// ---- What each column must never read: another tenant's data -------------------------------------------------

const N = DEMO.northwind;
const NORTHWIND_PRIVATE = [
  N.tenantId, 'Northwind', ...Object.values(N.users).flatMap((u) => [u.name, u.email, u.objectId]),
  DEMO.invitations.adatumDap, DEMO.invitations.litwareReseller, 'security baseline',
];
/** Partners only Northwind deals with: Tailspin must not learn of them (public directory answers aside). */
const NORTHWIND_ONLY_PARTNERS = (['fabrikam', 'woodgrove', 'adatum', 'litware'] as const).map((id) => DEMO.partners[id]);
const TAILSPIN_PRIVATE = [TAILSPIN, 'Tailspin', DEMO.tailspin.users.globalAdmin.name, DEMO.tailspin.users.globalAdmin.email, DEMO.tailspin.users.globalAdmin.objectId];
/** What Adatum's staff must not learn about its customer Northwind: its people, other partners, other invitations. */
const NOT_ADATUMS_BUSINESS = [
  ...Object.values(N.users).flatMap((u) => [u.name, u.email, u.objectId]), DEMO.invitations.litwareReseller,
  ...(['contoso', 'fabrikam', 'woodgrove', 'litware'] as const).flatMap((id) => [DEMO.partners[id].name, DEMO.partners[id].tenantId]),
];

/**
 * Strings of another tenant's data found in an answer. What the caller itself sent (an id typed on a forged card,
 * a partner named in the question) is an echo, not a read, and is not counted.
 */
function foreignData(actorName: ActorName, row: Row, request: string, answer: string): string[] {
  const sent = request.toLowerCase();
  const echoed = (s: string) => sent.includes(s.toLowerCase());
  let forbidden: string[];
  if (actorName === 'otherTenantAdmin') {
    const partnerNames = row.directory ? [] : NORTHWIND_ONLY_PARTNERS.filter((p) => !echoed(p.id)).flatMap((p) => [p.name, p.tenantId]);
    forbidden = [...NORTHWIND_PRIVATE, ...partnerNames];
  } else if (actorName === 'partnerStaff') {
    forbidden = [...TAILSPIN_PRIVATE, ...NOT_ADATUMS_BUSINESS].filter((s) => !(row.partnerMaySee ?? []).some((ok) => ok.includes(s)));
  } else {
    forbidden = TAILSPIN_PRIVATE;
  }
  return forbidden.filter((s) => !echoed(s) && answer.toLowerCase().includes(s.toLowerCase()));
}

/** Audit events a tenant gained between two snapshots. */
function newAuditEvents(before: StoreSnapshot, after: StoreSnapshot, tenantId: string): AuditEvent[] {
  const audit = (snapshot: StoreSnapshot) => (JSON.parse(snapshot.tenants.get(tenantId)?.business ?? '{"audit":[]}') as { audit: AuditEvent[] }).audit;
  const known = new Set(audit(before).map((e) => e.id));
  return audit(after).filter((e) => !known.has(e.id));
}

// ---- Running one cell ----------------------------------------------------------------------------------------

const ALL: readonly Actor[] = COLUMNS.map((name) => ACTORS[name]);
const WRITERS = new Set([ACTORS.globalAdmin.objectId, ACTORS.billingAdmin.objectId, ACTORS.otherTenantAdmin.objectId]);
const teamChannel = (name: ActorName): Place => ({ kind: 'channel', channelId: `19:${name}-team@thread.tacv2`, teamName: `${name} team`, channelName: 'General' });

/** Who owns each conversation the bot may write to in these tests. */
const CONVERSATION_TENANT = new Map<string, { tenantId: string; writer: boolean }>([
  ...COLUMNS.map((name) => [personalConversationId(ACTORS[name]), { tenantId: ACTORS[name].tenantId, writer: WRITERS.has(ACTORS[name].objectId) }] as const),
  ...COLUMNS.map((name) => [(teamChannel(name) as { channelId: string }).channelId, { tenantId: ACTORS[name].tenantId, writer: false }] as const),
  [partnerChannel('adatum').channelId, { tenantId: ADATUM, writer: false }],
]);

/**
 * A fresh server and store, set up as a working deployment would be: every actor has a personal chat with the bot
 * (so notifications to admins have somewhere to go) and Adatum has registered its team channel.
 */
async function startWorld(row: Row): Promise<BotHarness> {
  const bot = await BotHarness.start();
  for (const actor of ALL) assert.equal((await bot.install(actor)).status, 200);
  await registerPartnerChannel(bot, 'adatum');
  await row.setup?.(bot);
  await bot.deliverNotifications();
  return bot;
}

const tally = { cells: 0, allowed: 0, ownTenant: 0, denied: 0, answersChecked: 0, crossTenantReads: 0, filesCompared: 0, crossTenantWrites: 0, changesMade: 0 };
let started = Date.now();

async function runCell(bot: BotHarness, rowName: string, row: Row, actorName: ActorName, cell: Cell): Promise<void> {
  const actor = ACTORS[actorName];
  const place: Place = row.inChannel ? teamChannel(actorName) : { kind: 'personal' };
  const own = place.kind === 'personal' ? personalConversationId(actor) : place.channelId;
  const before = await snapshotStore(bot);
  const callsBefore = bot.channel.calls.length;

  // (a) what was sent back
  let answer: string;
  let verbs: string[];
  let raw: string;
  const request = JSON.stringify(row.say ?? row.data ?? {});
  if (row.say !== undefined) {
    const { cards, texts } = await bot.say(actor, row.say, place);
    assert.ok(cards.length + texts.length > 0, 'the message got an answer');
    answer = [...texts, ...cards.map(cardText)].join('\n');
    verbs = cards.flatMap(cardVerbs);
    raw = JSON.stringify({ cards, texts });
  } else {
    const card = await bot.press(actor, row.verb!, row.data ?? {}, place);
    answer = cardText(card);
    verbs = cardVerbs(card);
    raw = JSON.stringify(card);
  }
  const replies = bot.channel.calls.slice(callsBefore);
  assert.ok(replies.every((c) => c.conversationId === own || c.conversationId.startsWith(`${own};`)), `replies went only to the caller's conversation: ${replies.map((c) => c.conversationId).join(', ')}`);

  if (cell === 'D') {
    const needs = row.needs;
    assert.notEqual(needs, 'none', 'an open command is never denied');
    if (needs !== 'none') assert.match(answer, REFUSALS[needs], `a refusal naming what ${actorName} lacks`);
    assert.deepEqual(verbs.filter((v) => CHANGING_VERBS.has(v)), [], 'a denied answer offers no change');
  } else {
    const expected = cell === 'O' ? row.ownShows ?? (row.shows instanceof RegExp ? row.shows : row.shows[actorName]) : row.shows instanceof RegExp ? row.shows : row.shows[actorName];
    assert.ok(expected, `row ${rowName} says what ${actorName} is shown`);
    assert.match(answer, expected);
    assert.doesNotMatch(answer, /Not allowed/, 'an allowed answer refuses nothing');
  }

  // No other tenant's data, in any text or button data of the answer.
  tally.answersChecked += 1;
  const leaks = foreignData(actorName, row, request, raw);
  tally.crossTenantReads += leaks.length;
  assert.deepEqual(leaks, [], `${actorName}'s answer carries another tenant's data`);

  // (b) what was stored, once every notification the change queued has been delivered
  await bot.deliverNotifications();
  const after = await snapshotStore(bot);
  const diff = diffStores(before, after);
  const change = cell === 'A' ? row.change : cell === 'O' ? row.ownChange : undefined;
  const changed = change ? [change.tenant] : [];
  assert.deepEqual(diff.business.map(tenantName), changed.map(tenantName), 'the tenants whose business state changed');
  assert.deepEqual(diff.added, [], 'no tenant file appeared');
  assert.deepEqual(diff.removed, [], 'no tenant file disappeared');
  if (!change) assert.deepEqual(diff.partnerIndex, [], 'the partner-customer index is unchanged');

  // Cross-tenant writes: a file may change only for the caller's own tenant (its conversation) or the tenant the
  // change belongs to. Everything else must be byte-for-byte the same.
  tally.filesCompared += after.tenants.size;
  const mayWrite = new Set([actor.tenantId, ...changed]);
  const foreignWrites = diff.raw.filter((id) => !mayWrite.has(id));
  tally.crossTenantWrites += foreignWrites.length;
  assert.deepEqual(foreignWrites.map(tenantName), [], `${actorName}'s ${rowName} wrote another tenant's file`);

  if (change) {
    tally.changesMade += 1;
    const added = newAuditEvents(before, after, change.tenant);
    assert.deepEqual(added.map((e) => e.action), [change.audit], 'one audit event for the change');
    assert.equal(added[0]!.actor.objectId, actor.objectId, 'recorded as done by the caller');
    assert.equal(added[0]!.tenantId, change.tenant);
  }

  // Notifications the change queued reached only its own tenant's admins or the partner concerned, never anyone else.
  const partnersTold = new Set<string>(diff.business.flatMap((id) => newAuditEvents(before, after, id))
    .flatMap((e) => (e.partnerId ? [DEMO.partners[e.partnerId as keyof typeof DEMO.partners].tenantId] : [])));
  for (const call of bot.channel.calls.slice(callsBefore + replies.length)) {
    const owner = CONVERSATION_TENANT.get(call.conversationId);
    assert.ok(owner, `a notification went to an unknown conversation ${call.conversationId}`);
    const fine = (changed.includes(owner.tenantId) && owner.writer) || (partnersTold.has(owner.tenantId) && call.conversationId === partnerChannel('adatum').channelId);
    assert.ok(fine, `${rowName} by ${actorName}: a notification reached ${call.conversationId} (${tenantName(owner.tenantId)})`);
  }

  tally.cells += 1;
  if (cell === 'D') tally.denied += 1;
  else tally.allowed += 1;
  if (cell === 'O') tally.ownTenant += 1;
}

describe('Authorization matrix through POST /api/messages: every command and verb × every kind of caller', function () {
  this.timeout(60_000);
  before(() => { started = Date.now(); });

  it('has a row for every Action.Execute verb, and every row names a real verb', () => {
    const rowVerbs = Object.values(ROWS).flatMap((r) => (r.verb ? [r.verb] : []));
    assert.deepEqual(VERBS.filter((v) => !rowVerbs.includes(v)), [], 'verbs without a row');
    assert.deepEqual(rowVerbs.filter((v) => !VERBS.includes(v)), [], 'rows for verbs that do not exist');
    assert.equal(new Set(rowVerbs).size, rowVerbs.length, 'one row per verb');
    for (const [name, cells] of Object.entries(TABLE)) assert.equal(cells.length, COLUMNS.length, `${name} has a cell per actor`);
    assert.deepEqual(Object.keys(ROWS), Object.keys(TABLE), 'every table row is described, and nothing else');
  });

  for (const [rowName, cells] of Object.entries(TABLE)) {
    const row = ROWS[rowName]!;
    const changes = row.change !== undefined || row.ownChange !== undefined;
    describe(rowName, () => {
      let shared: BotHarness | undefined;
      // Read rows share one server; a row that changes something gets a fresh store for every cell.
      if (!changes) {
        before(async () => { shared = await startWorld(row); });
        after(async () => { await shared?.stop(); });
      }
      COLUMNS.forEach((actorName, i) => {
        const cell = cells[i]!;
        it(`${actorName}: ${cell === 'A' ? 'allowed' : cell === 'D' ? 'denied' : 'own tenant only'}`, async () => {
          const bot = shared ?? (await startWorld(row));
          try {
            await runCell(bot, rowName, row, actorName, cell);
          } finally {
            if (!shared) await bot.stop();
          }
        });
      });
    });
  }

  after(() => {
    if (tally.cells === 0) return;
    process.stdout.write(`\n  authorization matrix: ${tally.cells} cells (${Object.keys(TABLE).length} rows × ${COLUMNS.length} actors), ${tally.allowed} allowed (${tally.ownTenant} own-tenant only), ${tally.denied} denied, ${tally.changesMade} changes made; `
      + `${tally.answersChecked} answers checked: ${tally.crossTenantReads} cross-tenant reads; ${tally.filesCompared} tenant files compared: ${tally.crossTenantWrites} cross-tenant writes; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
