import { z } from 'zod4';
import { endRelationshipCard } from '../../cards/endRelationshipCard.js';
import { inviteCustomerCard } from '../../cards/inviteCustomerCard.js';
import { registerChannelCard } from '../../cards/registerChannelCard.js';
import type { Banner } from '../../cards/cardParts.js';
import { authorizePartner } from '../../domain/authorization.js';
import { createInvitation } from '../../domain/operations/createInvitation.js';
import { endRelationship } from '../../domain/operations/endRelationship.js';
import { listPartnerCustomers } from '../../domain/operations/listPartnerCustomers.js';
import { registerNotificationChannel } from '../../domain/operations/registerNotificationChannel.js';
import { withdrawInvitation } from '../../domain/operations/withdrawInvitation.js';
import type { PartnerType } from '../../domain/partnerTypes.js';
import { partnerCustomersScreen, refusalBanner, refusalCard } from '../screens.js';
import type { BotServices } from '../services.js';
import type { TurnRequest } from '../turnRequest.js';
import { action, cardData, expectedVersion } from './actionHandler.js';

/** Where this partner profile's notifications go, and whether this conversation is that channel. */
export async function registerChannelScreen(services: BotServices, request: TurnRequest, partnerId?: string, banner?: Banner) {
  const auth = authorizePartner(services.deps, request.actor, partnerId);
  if (!auth.ok) return refusalCard(auth.refusal, 'Register channel');
  const { partner } = auth.value;
  const current = (await services.deps.store.read(partner.tenantId))?.partnerChannels[partner.id];
  return registerChannelCard(partner, {
    current,
    inChannel: request.conversationKind === 'channel',
    isCurrentChannel: current?.conversationId === request.conversationId,
    ...(banner ? { banner } : {}),
  });
}

export const showRegisterChannel = action('showRegisterChannel', z.object({ partnerId: cardData.id.optional() }).loose(), (services, request, data) =>
  registerChannelScreen(services, request, data.partnerId));

export const registerChannelAction = action('registerChannel', z.object({ partnerId: cardData.id.optional() }).loose(), async (services, request, data) => {
  const result = await registerNotificationChannel(services.deps, request.actor, { conversationId: request.conversationId, ...(data.partnerId ? { partnerId: data.partnerId } : {}) });
  if (!result.ok) return registerChannelScreen(services, request, data.partnerId, refusalBanner(result.refusal));
  services.notifyChanged(data.partnerId ?? authorizePartnerId(services, request));
  return registerChannelScreen(services, request, data.partnerId, { style: 'good', text: 'This channel is registered. Waiting notifications are on their way.' });
});

function authorizePartnerId(services: BotServices, request: TurnRequest): string | undefined {
  const auth = authorizePartner(services.deps, request.actor);
  return auth.ok ? auth.value.partner.id : undefined;
}

export const showInviteForm = action('showInviteForm', z.object({ partnerId: cardData.id.optional(), customerTenantId: z.string().max(100).optional() }).loose(), async (services, request, data) => {
  const auth = authorizePartner(services.deps, request.actor, data.partnerId);
  if (!auth.ok) return refusalCard(auth.refusal, 'Invite a customer');
  return inviteCustomerCard(auth.value.partner, data.customerTenantId ? { customerTenantId: data.customerTenantId } : {});
});

const InviteData = z.object({
  partnerId: cardData.id.optional(),
  customerTenantId: z.string().trim().max(100),
  types: cardData.list.optional(),
  roles: cardData.list.optional(),
  message: cardData.optionalText(2000),
});

export const createInvitationAction = action('createInvitation', InviteData, async (services, request, data) => {
  const result = await createInvitation(services.deps, request.actor, {
    customerTenantId: data.customerTenantId,
    types: (data.types ?? []) as PartnerType[],
    roles: data.roles ?? [],
    ...(data.partnerId ? { partnerId: data.partnerId } : {}),
    ...(data.message ? { message: data.message } : {}),
  });
  if (!result.ok) {
    const auth = authorizePartner(services.deps, request.actor, data.partnerId);
    if (!auth.ok) return refusalCard(result.refusal, 'Invite a customer');
    return inviteCustomerCard(auth.value.partner, { customerTenantId: data.customerTenantId, banner: refusalBanner(result.refusal) });
  }
  services.notifyChanged();
  const customer = (await services.deps.store.read(result.value.customerTenantId))?.tenant.displayName ?? result.value.customerTenantId;
  return partnerCustomersScreen(services, request, { style: 'good', text: `Invitation sent to ${customer}. Their admins get it in Teams; you'll be told when they answer.` }, data.partnerId);
});

export const showMyCustomers = action('showMyCustomers', z.object({ partnerId: cardData.id.optional(), page: cardData.page }).loose(), (services, request, data) =>
  partnerCustomersScreen(services, request, undefined, data.partnerId, data.page));

const WithdrawData = z.object({ partnerId: cardData.id.optional(), customerTenantId: z.string().max(100), invitationId: cardData.id, version: cardData.version });

export const withdrawInvitationAction = action('withdrawInvitation', WithdrawData, async (services, request, data) => {
  const result = await withdrawInvitation(services.deps, request.actor, {
    customerTenantId: data.customerTenantId, invitationId: data.invitationId, ...expectedVersion(data.version), ...(data.partnerId ? { partnerId: data.partnerId } : {}),
  });
  if (!result.ok) return partnerCustomersScreen(services, request, refusalBanner(result.refusal), data.partnerId);
  services.notifyChanged();
  return partnerCustomersScreen(services, request, { style: 'good', text: 'Invitation withdrawn. The customer has been told.' }, data.partnerId);
});

const EndData = z.object({ partnerId: cardData.id.optional(), customerTenantId: z.string().max(100), version: cardData.version });

export const confirmEndAsPartner = action('confirmEndAsPartner', EndData, async (services, request, data) => {
  const list = await listPartnerCustomers(services.deps, request.actor, data.partnerId);
  if (!list.ok) return refusalCard(list.refusal, 'End relationship');
  const customer = list.value.customers.find((c) => c.customerTenantId === data.customerTenantId.toLowerCase());
  if (!customer?.relationship || customer.relationship.status !== 'active') {
    return partnerCustomersScreen(services, request, { style: 'warning', text: 'There is no active relationship with that customer.' }, data.partnerId);
  }
  return endRelationshipCard({ partnerName: list.value.partner.name, customerName: customer.customerName, customerTenantId: customer.customerTenantId, version: customer.relationship.version });
});

export const endRelationshipAction = action('endRelationship', EndData, async (services, request, data) => {
  const result = await endRelationship(services.deps, request.actor, { customerTenantId: data.customerTenantId, ...expectedVersion(data.version), ...(data.partnerId ? { partnerId: data.partnerId } : {}) });
  if (!result.ok) return partnerCustomersScreen(services, request, refusalBanner(result.refusal), data.partnerId);
  services.notifyChanged();
  return partnerCustomersScreen(services, request, { style: 'good', text: 'Relationship ended. All types and admin roles are gone; the customer has been told.' }, data.partnerId);
});
