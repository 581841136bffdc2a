import { z } from 'zod4';
import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import type { Partner } from '../model.js';
import { OrganizationSizeSchema } from '../model.js';
import { ok, type Result } from '../result.js';

const SearchInput = z.object({
  location: z.string().max(200).optional(),
  organizationSize: OrganizationSizeSchema.optional(),
  keywords: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(50).default(10),
});
export type SearchPartnersInput = z.input<typeof SearchInput>;

export interface PartnerMatch {
  partner: Partner;
  score: number;
  /** Whether the organization already has an active relationship with this partner. */
  alreadyWorkingWith: boolean;
}

function words(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
}

/** Whether a location part ("WA", "United States") appears in the place typed as whole words, not inside one ("lONdON"). */
function containsWords(placeWords: string, part: string): boolean {
  const partWords = words(part);
  return partWords.length > 0 && placeWords.includes(` ${partWords.join(' ')} `);
}

function haystack(partner: Partner): string {
  return [partner.name, partner.description ?? '', ...partner.serviceKeywords].join(' ').toLowerCase();
}

/**
 * Find a partner: location and organization size narrow the list, keywords rank it (a partner must match at least
 * one keyword when keywords are given). Best matches first.
 */
export async function searchPartners(deps: DomainDeps, actor: Actor, rawInput: SearchPartnersInput): Promise<Result<PartnerMatch[]>> {
  const input = parseInput(SearchInput, rawInput);
  if (!input.ok) return input;
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const { location, organizationSize, keywords, limit } = input.value;
  const place = location?.trim().toLowerCase();
  const placeWords = ` ${words(place).join(' ')} `;
  // Each distinct keyword counts once: repeating a word must not outrank a partner matching more of them.
  const wanted = [...new Set(words(keywords))];
  const state = await deps.store.read(actor.tenantId);
  const active = new Set((state?.relationships ?? []).filter((r) => r.status === 'active').map((r) => r.partnerId));

  const matches: PartnerMatch[] = [];
  for (const partner of deps.directory.all()) {
    if (partner.tenantId === actor.tenantId) continue;
    const { city, region, country } = partner.location;
    if (place && ![city, region ?? '', country].some((part) => part.toLowerCase().includes(place) || containsWords(placeWords, part))) continue;
    if (organizationSize && !partner.organizationSizes.includes(organizationSize)) continue;
    const text = haystack(partner);
    const score = wanted.filter((w) => text.includes(w)).length;
    if (wanted.length > 0 && score === 0) continue;
    matches.push({ partner, score, alreadyWorkingWith: active.has(partner.id) });
  }
  matches.sort((a, b) => b.score - a.score || a.partner.name.localeCompare(b.partner.name));
  return ok(matches.slice(0, limit));
}
