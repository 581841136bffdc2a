import { ORGANIZATION_SIZES } from '../domain/model.js';
import { type Banner, NAV } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

export interface PartnerQuery {
  location?: string | undefined;
  organizationSize?: string | undefined;
  keywords?: string | undefined;
}

export const SIZE_LABELS: Record<(typeof ORGANIZATION_SIZES)[number], string> = {
  '1-9': '1–9 employees',
  '10-49': '10–49 employees',
  '50-249': '50–249 employees',
  '250-999': '250–999 employees',
  '1000+': '1,000 or more employees',
};

/** Find a partner: location, organization size and keywords, then Go. Keeps the last query when coming back. */
export function findPartnerCard(query: PartnerQuery = {}, banner?: Banner): AdaptiveCard {
  return expandCard('findPartnerCard', {
    location: query.location ?? '',
    organizationSize: query.organizationSize ?? '',
    keywords: query.keywords ?? '',
    sizes: ORGANIZATION_SIZES.map((value) => ({ title: SIZE_LABELS[value], value })),
    nav: [NAV.partners],
    ...(banner ? { banner } : {}),
  });
}
