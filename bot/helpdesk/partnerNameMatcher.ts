import { distance } from 'fastest-levenshtein';
import type { Partner } from '../../domain/model.js';

/** Words in company names that say nothing about which company it is. */
const GENERIC = new Set([
  'cloud', 'solutions', 'solution', 'services', 'service', 'it', 'consulting', 'advisors', 'advisory', 'partners', 'partner', 'data',
  'security', 'licensing', 'inc', 'ltd', 'llc', 'corp', 'corporation', 'group', 'the', 'and', 'of', 'co', 'company', 'gmbh', 'systems', 'technologies', 'tech',
]);

export function tokens(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9]+/).filter(Boolean);
}

function keyTokens(partner: Partner): string[] {
  const all = tokens(partner.name);
  const distinctive = all.filter((t) => !GENERIC.has(t));
  return [...new Set([...(distinctive.length ? distinctive : all), ...tokens(partner.id)])];
}

/** How well one word of the question names one distinctive word of a partner: 3 exact, 2 a prefix, 1 a typo, 0 no. */
function wordScore(word: string, key: string): number {
  if (word === key) return 3;
  if (word.length >= 4 && key.startsWith(word)) return 2;
  if (word.length >= 4 && key.length >= 4) {
    const allowed = key.length <= 6 ? 1 : 2;
    if (distance(word, key) <= allowed) return 1;
    // "fabrikams", "contoso's": a typo'd or inflected word that starts with the whole name.
    if (word.startsWith(key)) return 2;
  }
  return 0;
}

export interface PartnerMention {
  partner: Partner;
  score: number;
}

/**
 * The partners a question names, best first, matched loosely: any case, a typo or two, a partial name
 * ("fabrikm", "Conto", "woodgrove advisors"). Generic words like "Cloud" or "Services" alone name nobody.
 */
export function findPartnerMentions(text: string, partners: readonly Partner[]): PartnerMention[] {
  const words = tokens(text).filter((w) => w.length >= 3 && !GENERIC.has(w));
  const mentions: PartnerMention[] = [];
  for (const partner of partners) {
    let best = 0;
    for (const key of keyTokens(partner)) for (const word of words) best = Math.max(best, wordScore(word, key));
    if (best > 0) mentions.push({ partner, score: best });
  }
  return mentions.sort((a, b) => b.score - a.score || a.partner.name.localeCompare(b.partner.name));
}

/** The one partner a question is about, if the best match is clear. */
export function bestPartnerMention(text: string, partners: readonly Partner[]): Partner | undefined {
  const [first, second] = findPartnerMentions(text, partners);
  if (!first) return undefined;
  if (second && second.score === first.score) return undefined;
  return first.partner;
}
