import { z } from 'zod4';
import { NAV } from '../../cards/cardParts.js';
import { contactFormCard } from '../../cards/contactFormCard.js';
import { findPartnerCard, type PartnerQuery } from '../../cards/findPartnerCard.js';
import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import { messageCard } from '../../cards/messageCard.js';
import { searchResultsCard } from '../../cards/searchResultsCard.js';
import { ORGANIZATION_SIZES } from '../../domain/model.js';
import { authorizeCustomer } from '../../domain/authorization.js';
import { contactPartners } from '../../domain/operations/contactPartners.js';
import { describeAccess } from '../../domain/operations/describeAccess.js';
import { searchPartners } from '../../domain/operations/searchPartners.js';
import { refusalBanner, refusalCard } from '../screens.js';
import type { BotServices } from '../services.js';
import type { TurnRequest } from '../turnRequest.js';
import { action, cardData } from './actionHandler.js';

const Query = z.object({
  location: cardData.optionalText(200),
  organizationSize: z.union([z.enum(ORGANIZATION_SIZES), z.literal('')]).optional().transform((v) => v || undefined),
  keywords: cardData.optionalText(500),
});

/** The search form, for those who may search; anyone else is told which roles it takes instead of getting a form that refuses. */
export async function findPartnerScreen(services: BotServices, request: TurnRequest, query: PartnerQuery = {}): Promise<AdaptiveCard> {
  const auth = await authorizeCustomer(services.deps, request.actor, 'read');
  if (!auth.ok) return refusalCard(auth.refusal, 'Find a partner');
  return findPartnerCard(query);
}

export const showFindPartner = action('showFindPartner', Query.loose(), (services, request, query) => findPartnerScreen(services, request, query));

export const searchPartnersAction = action('searchPartners', Query.extend({ page: cardData.page }).loose(), async (services, request, data) => {
  const { page, ...query } = data;
  const result = await searchPartners(services.deps, request.actor, query);
  if (!result.ok) return findPartnerCard(query, refusalBanner(result.refusal));
  const access = await describeAccess(services.deps, request.actor);
  return searchResultsCard(result.value, query, {
    canContact: access.canWrite,
    page,
    ...(access.canWrite ? {} : { banner: { style: 'accent', text: 'Only a Global or Billing admin can contact partners; share these with one.' } }),
  });
});

/** Contact selected providers: the business-needs form, with a request id fixed now so Send can't go out twice. */
export const startContact = action('startContact', z.object({ selectedPartners: cardData.list.optional() }).loose(), async (services, request, data) => {
  const auth = await authorizeCustomer(services.deps, request.actor, 'write');
  if (!auth.ok) return findPartnerCard({}, refusalBanner(auth.refusal));
  const partners = (data.selectedPartners ?? []).map((id) => services.deps.directory.byId(id)).filter((p) => p !== undefined);
  if (partners.length === 0) return findPartnerCard({}, { style: 'attention', text: 'Choose at least one partner to contact.' });
  return contactFormCard(partners, { requestId: services.deps.ids.newId(), contactEmail: auth.value.email ?? 'your Teams account' });
});

const ContactData = z.object({ partnerIds: cardData.list, requestId: z.string().min(1).max(100), businessNeeds: z.string().max(10_000).optional() });

export const contactPartnersAction = action('contactPartners', ContactData, async (services, request, data) => {
  const result = await contactPartners(services.deps, request.actor, { requestId: data.requestId, partnerIds: data.partnerIds, businessNeeds: data.businessNeeds ?? '' });
  if (!result.ok) {
    if (result.refusal.kind === 'invalidInput') {
      // The form comes back only to someone allowed to send it, still saying which email partners will get.
      const auth = await authorizeCustomer(services.deps, request.actor, 'write');
      if (!auth.ok) return refusalCard(auth.refusal, 'Contact selected providers');
      const partners = data.partnerIds.map((id) => services.deps.directory.byId(id)).filter((p) => p !== undefined);
      if (partners.length > 0) return contactFormCard(partners, { requestId: data.requestId, contactEmail: auth.value.email ?? 'your Teams account', businessNeeds: data.businessNeeds ?? '', banner: refusalBanner(result.refusal) });
    }
    return refusalCard(result.refusal, 'Contact selected providers');
  }
  services.notifyChanged();
  const names = result.value.partnerIds.map((id) => services.deps.directory.byId(id)?.name ?? id);
  return messageCard({
    title: 'Request sent',
    banner: { style: 'good', text: `Sent to ${names.join(', ')}` },
    text: 'Each partner receives your business needs in their Teams channel with your name and email, and will contact you. If you decide to work with one, they send you an invitation here.',
    nav: [NAV.find, NAV.partners],
  });
});
