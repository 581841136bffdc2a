import type { ChannelRegistration, Partner } from '../domain/model.js';
import { type Banner, NAV, when } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

/** Partner staff: register this team channel for the partner profile's notifications, or see where they go. */
export function registerChannelCard(
  partner: Partner,
  options: { current: ChannelRegistration | undefined; inChannel: boolean; isCurrentChannel: boolean; banner?: Banner },
): AdaptiveCard {
  const { current } = options;
  const where = current ? `Notifications for ${partner.name} go to ${current.title ?? 'a team channel'} (registered by ${current.registeredBy.displayName}, ${when(current.registeredAt)}).` : `${partner.name} has no notification channel yet: customers' answers and requests wait until you register one.`;
  const text = options.isCurrentChannel
    ? `This channel gets notifications for ${partner.name}: accepted and cancelled invitations, agreement acceptances, removed roles, end requests and contact requests.`
    : options.inChannel ? `${where} Register this channel to receive them here instead.` : `${where} Open your team channel and type **register channel** there.`;
  return expandCard('registerChannelCard', {
    partnerName: partner.name,
    partnerId: partner.id,
    subtitle: options.isCurrentChannel ? 'Registered' : current ? 'Registered elsewhere' : 'Not registered',
    text,
    canRegister: options.inChannel && !options.isCurrentChannel,
    nav: [NAV.invite, NAV.myCustomers],
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
