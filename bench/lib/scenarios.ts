import { actionActivity, messageActivity } from '../../test/support/teamsActivities.js';
import { adminOf, invitationIdOf, relationshipPartnersOf, tenantIdOf, warmUpInvitationIdOf, warmUpPartnersOf } from './generateStore.js';

/** What one benchmark turn posts, for tenant `t` and sample `k`. */
export type Turn = (serviceUrl: string, t: number, k: number) => unknown;

const admin = (t: number) => ({ objectId: adminOf(t), tenantId: tenantIdOf(t), displayName: `Admin ${t}` });
const personal = { kind: 'personal' } as const;

export interface Scenario {
  name: string;
  kind: 'read' | 'write';
  /** Partner Desk's turn. */
  turn: Turn;
  /** The echo bot's equivalent: the same activity type, so the floor is measured on the same path. */
  echo: Turn;
  /** How many samples a tenant can give in one round (writes use up invitations and roles). */
  perTenant?: number;
}

const echoMessage: Turn = (url, t) => messageActivity(admin(t), 'help', personal, url);
const echoInvoke: Turn = (url, t) => actionActivity(admin(t), 'echo', {}, personal, url);

export const SCENARIOS: Scenario[] = [
  { name: 'help message', kind: 'read', turn: (url, t) => messageActivity(admin(t), 'help', personal, url), echo: echoMessage },
  { name: 'helpdesk question', kind: 'read', turn: (url, t) => messageActivity(admin(t), 'which partners have admin roles?', personal, url), echo: echoMessage },
  { name: 'relationships list', kind: 'read', turn: (url, t) => actionActivity(admin(t), 'showPartners', {}, personal, url), echo: echoInvoke },
  { name: 'partner details (invoke)', kind: 'read', turn: (url, t, k) => actionActivity(admin(t), 'showPartner', { partnerId: relationshipPartnersOf(t)[k % 5] }, personal, url), echo: echoInvoke },
  { name: 'accept invitation (write)', kind: 'write', perTenant: 5, turn: (url, t, k) => actionActivity(admin(t), 'acceptInvitation', { invitationId: invitationIdOf(t, k), version: 1, agreementAcknowledged: 'true' }, personal, url), echo: echoInvoke },
  { name: 'remove roles (write)', kind: 'write', perTenant: 5, turn: (url, t, k) => actionActivity(admin(t), 'removeRoles', { partnerId: relationshipPartnersOf(t)[k], version: 1 }, personal, url), echo: echoInvoke },
];

/**
 * A write that can repeat forever and touches no invitation or relationship a scenario measures: asking a partner to
 * get in touch (a new request each time, so each one is stored and notifies the partner). The warm-up runs the write
 * path with it, so the measured accepts and removals meet warm code, as in a server that has been up a while.
 */
export const warmUpWrite: Turn = (url, t, k) =>
  actionActivity(admin(t), 'contactPartners', { partnerIds: relationshipPartnersOf(t)[0], requestId: `warm-up-${t}-${k}`, businessNeeds: 'Licensing review' }, personal, url);

/**
 * The measured writes' own paths, warmed on invitations kept for it (three per tenant): accept each, then remove the
 * roles it granted. Without this the 25 accepts and removals of a round would be the first the server process ever
 * made, and would measure code the JIT has not compiled yet against an echo bot whose invoke path is warm.
 */
export const warmUpAccept: Turn = (url, t, k) =>
  actionActivity(admin(t), 'acceptInvitation', { invitationId: warmUpInvitationIdOf(t, k), version: 1, agreementAcknowledged: 'true' }, personal, url);
export const warmUpRemoveRoles: Turn = (url, t, k) => actionActivity(admin(t), 'removeRoles', { partnerId: warmUpPartnersOf(t)[k], version: 1 }, personal, url);
