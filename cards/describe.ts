import type { AuditEvent, Partner, Relationship } from '../domain/model.js';
import { describeTypes, PARTNER_TYPE_LABELS, type PartnerType } from '../domain/partnerTypes.js';
import { list, when } from './cardParts.js';

export function typesText(types: readonly PartnerType[]): string {
  return describeTypes(types);
}

export function rolesText(roles: readonly string[]): string {
  return list(roles, 'No admin roles');
}

export function locationText(partner: Partner | undefined): string {
  if (!partner) return 'No longer listed in the partner directory';
  const { city, region, country } = partner.location;
  return [city, region, country].filter(Boolean).join(', ');
}

export function agreementText(relationship: Relationship): string {
  if (relationship.agreement) return `MCA accepted ${relationship.agreement.acceptedAt.slice(0, 10)}`;
  return relationship.requiresAgreement ? 'MCA not accepted yet' : 'MCA not needed';
}

const ACTIONS: Record<string, string> = {
  'invitation.created': 'sent an invitation',
  'invitation.accepted': 'accepted the invitation and authorized the partner',
  'invitation.cancelled': 'cancelled the invitation',
  'invitation.withdrawn': 'withdrew the invitation',
  'invitation.expired': 'invitation expired',
  'agreement.accepted': 'accepted the Microsoft Customer Agreement',
  'roles.removed': 'removed the admin roles',
  'relationship.endRequested': 'asked the partner to end the relationship',
  'relationship.ended': 'ended the relationship',
  'partners.contacted': 'contacted the partner',
  'mpsa.visibilityChanged': 'changed MPSA purchase visibility',
  'channel.registered': 'registered a notification channel',
  'channel.retired': 'notification channel removed (bot no longer in it)',
  'notification.undeliverable': 'a notification could not be delivered',
};

/** "Jane Doe accepted the invitation and authorized the partner (Adatum Consulting)". */
export function auditWhat(event: AuditEvent, partnerName: string | undefined): string {
  const action = ACTIONS[event.action] ?? event.action;
  return partnerName ? `${partnerName}: ${action}` : action;
}

/** The part of before → after that changed, in words ("roles: Global Administrator → none"). */
export function auditChange(event: AuditEvent): string | undefined {
  const before = flatten(event.before);
  const after = flatten(event.after);
  const parts: string[] = [];
  for (const key of ['status', 'types', 'roles', 'agreementAccepted', 'mpsaPurchasesVisible']) {
    if (!(key in after)) continue;
    // Compared as people read them: "no roles" before and an empty list after are no change.
    const from = show(key, before[key]);
    const to = show(key, after[key]);
    if (from === to) continue;
    parts.push(`${key === 'agreementAccepted' ? 'MCA' : key === 'mpsaPurchasesVisible' ? 'MPSA visibility' : key}: ${from} → ${to}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

function flatten(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object') return {};
  const record = value as Record<string, unknown>;
  // Accepting an invitation records both the invitation and the relationship; the relationship is what changed for people.
  if ('relationship' in record) return flatten(record['relationship']);
  return record;
}

const BOOLEAN_KEYS = new Set(['agreementAccepted', 'mpsaPurchasesVisible']);

function show(key: string, value: unknown): string {
  if (BOOLEAN_KEYS.has(key)) return value === true ? 'yes' : 'no';
  if (value === undefined || value === null) return 'none';
  if (key === 'types' && Array.isArray(value)) return value.length ? value.map((t) => PARTNER_TYPE_LABELS[t as PartnerType] ?? String(t)).join(', ') : 'none';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function auditWhen(event: AuditEvent): string {
  return when(event.at);
}
