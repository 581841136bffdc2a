import { button, type NavButton } from './cardParts.js';

/**
 * Rows a list card shows at a time. Teams refuses a card over 28 KB: the longest list rows (pending invitations)
 * reached that at about 35 rows, so a partner with fifty customers could not see any of them. Twenty rows of any list
 * stay under 17 KB.
 */
export const PAGE_SIZE = 20;

/** The line under a long list saying which rows it shows, and the buttons to the pages before and after. */
export interface Pager {
  text: string;
  buttons: NavButton[];
}

export interface Page<T> {
  items: readonly T[];
  /** Only when the list has more than one page: a template binds it with `exists(pager)`. */
  pager?: Pager;
}

/**
 * The rows of page `requested` (from 1) of a list, and its pager. A page past the end, asked for by a card older than
 * the list (rows went away since), is the last page there is. The buttons run `verb` with `data` and the page.
 */
export function pageOf<T>(all: readonly T[], requested: number | undefined, verb: string, data: Record<string, unknown> = {}): Page<T> {
  if (all.length <= PAGE_SIZE) return { items: all };
  const pages = Math.ceil(all.length / PAGE_SIZE);
  const page = Math.min(Math.max(1, Math.floor(requested ?? 1)), pages);
  const from = (page - 1) * PAGE_SIZE;
  const items = all.slice(from, from + PAGE_SIZE);
  const buttons = [
    ...(page > 1 ? [button('‹ Previous', verb, { ...data, page: page - 1 })] : []),
    ...(page < pages ? [button('Next ›', verb, { ...data, page: page + 1 })] : []),
  ];
  return { items, pager: { text: `Showing ${from + 1}–${from + items.length} of ${all.length}`, buttons } };
}
