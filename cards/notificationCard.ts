import type { Notification } from '../domain/model.js';
import { PARTNER_TYPE_LABELS, type PartnerType } from '../domain/partnerTypes.js';
import { type Banner, button, type Fact, list, NAV, type NavButton, plain, when } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

interface Content {
  title: string;
  subtitle: string;
  text?: string;
  facts: Fact[];
  quote?: string;
  nav: NavButton[];
  banner?: Banner;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const types = (value: unknown): string => (Array.isArray(value) && value.length ? value.map((t) => PARTNER_TYPE_LABELS[t as PartnerType] ?? str(t)).join(', ') : 'none');
const roles = (value: unknown): string => (Array.isArray(value) ? list(value.map(str), 'none') : 'none');

/** What each notification says, to partner staff in their channel or to a customer's admins in their chat. */
function content(n: Notification, partnerName: string): Content {
  const d = n.data;
  const customer = str(d['customerName']);
  switch (n.event) {
    case 'invitationAccepted':
      return { title: `${customer} accepted your invitation`, subtitle: partnerName, banner: { style: 'good', text: 'Relationship active' },
        facts: [{ title: 'Accepted by', value: str(d['acceptedBy']) }, { title: 'When', value: when(str(d['acceptedAt'])) }, { title: 'Partner type', value: types(d['types']) }, { title: 'Admin roles', value: roles(d['roles']) }, { title: 'Customer Agreement', value: d['agreementAccepted'] ? 'Accepted' : 'Not needed' }],
        nav: [NAV.myCustomers] };
    case 'invitationCancelled':
      return { title: `${customer} cancelled your invitation`, subtitle: partnerName, text: 'No roles were granted. You can contact the customer and send a new invitation.',
        facts: [{ title: 'Cancelled by', value: str(d['cancelledBy']) }, { title: 'When', value: when(str(d['cancelledAt'])) }], nav: [NAV.myCustomers] };
    case 'invitationExpired':
      return { title: `Your invitation to ${customer} expired`, subtitle: partnerName, text: 'Nobody acted on it within 90 days. Send a new invitation if you still want to work together.',
        facts: [{ title: 'Expired', value: when(str(d['expiredAt'])) }], nav: [NAV.invite] };
    case 'agreementAccepted':
      return { title: `${customer} accepted the Microsoft Customer Agreement`, subtitle: partnerName, text: 'You can now buy and manage subscriptions for this customer.',
        facts: [{ title: 'Accepted by', value: str(d['acceptedBy']) }, { title: 'When', value: when(str(d['acceptedAt'])) }, { title: 'Agreement', value: str(d['agreementVersion']) }], nav: [NAV.myCustomers] };
    case 'rolesRemoved':
      return { title: `${customer} removed your admin roles`, subtitle: partnerName, banner: { style: 'warning', text: 'Delegated admin privileges revoked' },
        text: `The relationship stays${Array.isArray(d['remainingTypes']) && d['remainingTypes'].length ? ` as ${types(d['remainingTypes'])}` : ''}.`,
        facts: [{ title: 'Removed by', value: str(d['removedBy']) }, { title: 'When', value: when(str(d['removedAt'])) }, { title: 'Roles removed', value: roles(d['removedRoles']) }], nav: [NAV.myCustomers] };
    case 'endRequested':
      return { title: `${customer} asks you to end the relationship`, subtitle: partnerName, text: 'Only you can end it. Contact the customer if you need to, then end the relationship.',
        facts: [{ title: 'Requested by', value: `${str(d['requestedBy'])}${d['requestedByEmail'] ? ` (${str(d['requestedByEmail'])})` : ''}` }, { title: 'When', value: when(str(d['requestedAt'])) }],
        ...(str(d['message']) ? { quote: `“${plain(str(d['message']))}”` } : {}),
        nav: [button('End relationship', 'confirmEndAsPartner', { customerTenantId: str(d['customerTenantId']) }), NAV.myCustomers] };
    case 'contactRequest':
      return { title: `${customer} would like to work with you`, subtitle: `Contact request for ${partnerName}`,
        facts: [{ title: 'Contact', value: `${str(d['contactName'])}${d['contactEmail'] ? ` (${str(d['contactEmail'])})` : ''}` }, { title: 'Customer tenant', value: str(d['customerTenantId']) }, { title: 'Sent', value: when(str(d['sentAt'])) }],
        quote: plain(str(d['businessNeeds'])), nav: [button('Invite this customer', 'showInviteForm', { customerTenantId: str(d['customerTenantId']) })] };
    case 'invitationWithdrawn':
      return { title: `${str(d['partnerName'])} withdrew its invitation`, subtitle: 'Partner invitation', text: 'Nothing to do: the invitation can no longer be accepted.',
        facts: [{ title: 'Withdrawn by', value: str(d['withdrawnBy']) }, { title: 'When', value: when(str(d['withdrawnAt'])) }], nav: [NAV.pending] };
    case 'relationshipEnded':
      return { title: `${str(d['partnerName'])} ended the relationship`, subtitle: 'Partner relationship', text: 'The partner no longer holds any type or admin role in your organization.',
        facts: [{ title: 'Ended by', value: str(d['endedBy']) }, { title: 'When', value: when(str(d['endedAt'])) }], nav: [NAV.partners, NAV.history] };
    default:
      return { title: 'Partner Desk update', subtitle: partnerName, text: n.event, facts: [], nav: [NAV.help] };
  }
}

/** The card a notification is delivered as (a new invitation is delivered as the invitation card instead). */
export function notificationCard(notification: Notification, partnerName: string): AdaptiveCard {
  const c = content(notification, partnerName);
  return expandCard('notificationCard', {
    title: c.title, subtitle: c.subtitle, facts: c.facts, nav: c.nav,
    ...(c.text ? { text: c.text } : {}), ...(c.quote ? { quote: c.quote } : {}), ...(c.banner ? { banner: c.banner } : {}),
  });
}
