import type { Partner } from '../../domain/model.js';
import type { PartnerType } from '../../domain/partnerTypes.js';
import { bestPartnerMention, findPartnerMentions } from './partnerNameMatcher.js';

/** What a plain-words question asks for. */
export type HelpdeskIntent =
  | { kind: 'adminRoles'; partner?: Partner }
  | { kind: 'passwordReset' }
  | { kind: 'isType'; partner: Partner; type: PartnerType; typeWord: string }
  | { kind: 'showPartner'; partner: Partner }
  | { kind: 'ambiguousPartner'; candidates: Partner[] }
  | { kind: 'pending' }
  | { kind: 'agreement'; partner?: Partner }
  | { kind: 'changes'; days: number; label: string }
  | { kind: 'listPartners' }
  | { kind: 'unknown' };

const TYPE_WORDS: readonly [RegExp, PartnerType, string][] = [
  [/\bresell(er|ers|ing)?\b/, 'reseller', 'reseller'],
  [/\bdelegated\b|\bdap\b|\bgdap\b/, 'delegatedAdministrator', 'delegated administrator'],
  [/\badvis(or|er|ory)\b/, 'advisor', 'advisor'],
  [/\bmpsa\b/, 'mpsaPartner', 'MPSA partner'],
  [/\blob\b|line[ -]of[ -]business/, 'lobPartner', 'line-of-business partner'],
];

function changeWindow(text: string): { days: number; label: string } {
  const lastDays = /last (\d{1,3}) days?/.exec(text);
  if (lastDays) return { days: Number(lastDays[1]), label: `in the last ${lastDays[1]} days` };
  if (/\btoday\b/.test(text)) return { days: 1, label: 'today' };
  if (/\byesterday\b/.test(text)) return { days: 2, label: 'since yesterday' };
  if (/\bthis month\b|\blast month\b|\b30 days\b/.test(text)) return { days: 30, label: 'in the last 30 days' };
  return { days: 7, label: 'this week' };
}

/**
 * Reads a helpdesk question. Keyword rules, checked from the most specific to the most general, so that
 * "is Fabrikam a reseller?" is a type question and not just "show Fabrikam".
 */
export function parseHelpdeskQuestion(raw: string, partners: readonly Partner[]): HelpdeskIntent {
  const text = raw.toLowerCase().replace(/[’']/g, "'").trim();
  const partner = bestPartnerMention(text, partners);

  if (/what('s| has| have)? changed|\bchanges\b|\brecent(ly)?\b|\bhistory\b|\baudit\b|what happened/.test(text)) return { kind: 'changes', ...changeWindow(text) };
  if (/\bpending\b|\binvit(e|es|ation|ations)\b|\bwaiting\b/.test(text)) return { kind: 'pending' };
  if (/\bagreement\b|\bmca\b|\bsigned?\b|\bcontract\b/.test(text)) return partner ? { kind: 'agreement', partner } : { kind: 'agreement' };
  if (/reset(ting)? (our |the |user |users' )?passwords?|password resets?|\bpasswords?\b/.test(text)) return { kind: 'passwordReset' };
  if (/admin (roles?|rights|access|privileges)|\bdelegated admin|\bgdap\b|\bdap\b|global admin|\badmins? over us\b/.test(text)) {
    return partner ? { kind: 'adminRoles', partner } : { kind: 'adminRoles' };
  }
  if (partner && /^(is|are|does|do)\b/.test(text)) {
    for (const [pattern, type, typeWord] of TYPE_WORDS) if (pattern.test(text)) return { kind: 'isType', partner, type, typeWord };
  }
  if (/\b(which|what|list|our|all)\b.*\bpartners\b|^partners\??$|who (are|do) (we|our)/.test(text) && !partner) return { kind: 'listPartners' };
  if (partner) return { kind: 'showPartner', partner };
  const mentions = findPartnerMentions(text, partners);
  if (mentions.length > 1) return { kind: 'ambiguousPartner', candidates: mentions.slice(0, 5).map((m) => m.partner) };
  return { kind: 'unknown' };
}
