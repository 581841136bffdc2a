import type { PartnerMatch } from '../domain/operations/searchPartners.js';
import { type Banner, optional } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { locationText } from './describe.js';
import { type PartnerQuery, SIZE_LABELS } from './findPartnerCard.js';
import { pageOf } from './paging.js';

/** Search results to choose from, a page at a time; the choice leads to Contact selected providers. */
export function searchResultsCard(matches: readonly PartnerMatch[], query: PartnerQuery, options: { canContact: boolean; banner?: Banner; page?: number }): AdaptiveCard {
  // The next page runs the same search: the query's own fields, not whatever else the card sent with it.
  const shown = pageOf(matches, options.page, 'searchPartners', { ...optional('location', query.location), ...optional('organizationSize', query.organizationSize), ...optional('keywords', query.keywords) });
  const parts = [
    query.location ? `in or near ${query.location}` : undefined,
    query.organizationSize ? `for ${SIZE_LABELS[query.organizationSize as keyof typeof SIZE_LABELS] ?? query.organizationSize}` : undefined,
    query.keywords ? `matching “${query.keywords}”` : undefined,
  ].filter(Boolean);
  return expandCard('searchResultsCard', {
    querySummary: `${matches.length} ${matches.length === 1 ? 'partner' : 'partners'}${parts.length ? ` ${parts.join(', ')}` : ''}`,
    results: shown.items.map(({ partner, alreadyWorkingWith }) => ({
      partnerId: partner.id,
      name: partner.name,
      location: locationText(partner),
      sizesText: partner.organizationSizes.map((s) => SIZE_LABELS[s]).join(', '),
      description: partner.description ?? '',
      keywordsText: partner.serviceKeywords.join(', '),
      alreadyWorkingWith,
    })),
    location: query.location ?? '',
    organizationSize: query.organizationSize ?? '',
    keywords: query.keywords ?? '',
    canContact: options.canContact && matches.length > 0,
    ...optional('pager', shown.pager),
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
