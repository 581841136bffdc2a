import { type Banner, NAV, type NavButton } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

export interface WelcomeAudience {
  displayName: string;
  /** Directory roles the person holds in their own organization. */
  roles: readonly string[];
  canWrite: boolean;
  canRead: boolean;
  /** Partner profiles the person's organization has, when it is a listed partner. */
  partnerNames: readonly string[];
  inChannel: boolean;
  /** Set when the roles could not be read: the card says so instead of "you hold no admin role". */
  rolesUnknown?: boolean;
}

/** Welcome on install and the answer to "help": what Partner Desk does, for the roles this person has. */
export function welcomeCard(audience: WelcomeAudience, banner?: Banner): AdaptiveCard {
  const sections: { title: string; text: string }[] = [];
  const nav: NavButton[] = [];
  if (audience.canWrite) {
    sections.push({
      title: 'As a Global or Billing admin',
      text: 'Review **pending invitations**, accept the Microsoft Customer Agreement and authorize a partner, cancel an invitation, ' +
        'see your **partners** and remove their admin roles, ask a partner to end the relationship, set MPSA purchase visibility, ' +
        'and **find a partner** to contact.',
    });
  }
  if (audience.canRead) {
    sections.push({
      title: audience.canWrite ? 'Ask in plain words' : 'As helpdesk (read only)',
      text: 'Ask "which partners have admin roles?", "who can reset passwords for us?", "is Fabrikam a reseller?", "show Contoso", ' +
        '"pending invitations", "did we sign the customer agreement?" or "what changed this week?".',
    });
    nav.push(NAV.pending, NAV.partners);
    if (audience.canWrite) nav.push(NAV.find);
    nav.push(NAV.history);
  }
  if (audience.partnerNames.length > 0) {
    sections.push({
      title: `As staff of ${audience.partnerNames.join(', ')}`,
      text: (audience.inChannel ? 'Type **register channel** here to get notifications in this channel. ' : 'In your team channel, type **register channel** to get notifications there. ') +
        'Send an invitation with **invite**, see **my customers**, withdraw invitations and end relationships.',
    });
    nav.push(NAV.invite, NAV.myCustomers);
  }
  if (sections.length === 0 && audience.rolesUnknown) {
    sections.push({
      title: 'Your roles could not be checked',
      text: 'Partner Desk shows what you can do once it can read your directory roles. Try again in a minute; if this stays, ask a Global admin to check Partner Desk\'s admin consent.',
    });
  }
  if (sections.length === 0) {
    sections.push({
      title: 'Nothing to do here yet',
      text: 'Partner Desk is for Global, Billing and Helpdesk admins, Global Readers and partner staff. ' +
        `You hold ${audience.roles.length ? audience.roles.join(', ') : 'no admin role'}; ask an admin if you need access.`,
    });
  }
  return expandCard('welcomeCard', {
    greeting: `Hi ${audience.displayName}`,
    intro: 'Partner Desk manages your organization’s relationships with Microsoft partners (Cloud Solution Providers) right here in Teams.',
    sections,
    footer: 'Type **help** at any time.',
    nav,
    ...(banner ? { banner } : {}),
  });
}
