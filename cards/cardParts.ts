import { formatTimestamp } from '../domain/result.js';

/** A coloured line at the top of a card saying what just happened or why nothing did. */
export interface Banner {
  style: 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';
  text: string;
}

/** A button that runs a bot verb. */
export interface NavButton {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

export interface Fact {
  title: string;
  value: string;
}

export function button(title: string, verb: string, data: Record<string, unknown> = {}): NavButton {
  return { title, verb, data };
}

export const NAV = {
  pending: button('Pending invitations', 'showPending'),
  partners: button('Partners', 'showPartners'),
  find: button('Find a partner', 'showFindPartner'),
  history: button('History', 'showHistory'),
  help: button('Help', 'showHelp'),
  myCustomers: button('My customers', 'showMyCustomers'),
  invite: button('Invite a customer', 'showInviteForm'),
} as const;

/**
 * User-written text (business needs, messages) shown in someone else's card: a markdown link is broken apart so
 * nobody can dress up a link as other text. Teams shows backslash escapes literally, so nothing else is escaped.
 */
export function plain(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

export function when(iso: string | undefined): string {
  return iso ? formatTimestamp(iso) : '—';
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}

export function list(items: readonly string[], empty = 'None'): string {
  return items.length === 0 ? empty : items.join(', ');
}

/** Optional template fields must still be bound: `exists()` in a template needs the key absent, not undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined | null | ''): Partial<Record<K, V>> {
  return value === undefined || value === null || value === '' ? {} : ({ [key]: value } as Record<K, V>);
}
