import type { Partner, Relationship } from '../domain/model.js';
import type { RelationshipView } from '../domain/views.js';
import { type Banner, day, NAV, optional } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { agreementText, rolesText, typesText } from './describe.js';
import { pageOf } from './paging.js';

/**
 * Cards filled from a frozen list of views (listRelationships hands out the same frozen list until the tenant's
 * relationships change), by list: a read answers with the card it filled before without building its data again.
 */
const filledFor = new WeakMap<readonly RelationshipView[], { canWrite?: AdaptiveCard; readOnly?: AdaptiveCard }>();

type PartnersCardOptions = { banner?: Banner; canWrite: boolean; page?: number | undefined };

/**
 * The list of partners the organization works with; each row opens the partner's details. Relationships a partner
 * ended come last, marked, so an admin who wonders where a partner went finds the answer here.
 */
export function partnersCard(views: readonly RelationshipView[], options: PartnersCardOptions): AdaptiveCard {
  // Only the first page is kept: the one nearly every read asks for (a later page is filled when asked for).
  if (options.banner || (options.page ?? 1) !== 1 || !Object.isFrozen(views)) return filledPartnersCard(views, options);
  let cards = filledFor.get(views);
  if (!cards) filledFor.set(views, (cards = {}));
  return (cards[options.canWrite ? 'canWrite' : 'readOnly'] ??= filledPartnersCard(views, options));
}

function filledPartnersCard(views: readonly RelationshipView[], options: PartnersCardOptions): AdaptiveCard {
  const active = views.filter((v) => v.relationship.status === 'active');
  const ended = views.filter((v) => v.relationship.status !== 'active');
  const shown = pageOf([...active, ...ended], options.page, 'showPartners');
  return expandCard('partnersCard', {
    subtitle: `${active.length === 1 ? '1 partner' : `${active.length} partners`} · select one for details${ended.length ? ` · ${ended.length} ended` : ''}`,
    partners: shown.items.map(rowOf),
    ...optional('pager', shown.pager),
    nav: options.canWrite ? [NAV.pending, NAV.find, NAV.history] : [NAV.pending, NAV.history],
    ...(options.banner ? { banner: options.banner } : {}),
  });
}

/**
 * A row's data by relationship entry and the partner it names. A stored entry is frozen and never changes, so its row
 * is made once and frozen too: the template then fills it once (see compiledTemplate), and the answer's JSON reuses
 * its text (jsonFormatter), where every change used to fill and serialize every row of the list again.
 */
const rows = new WeakMap<Relationship, { partner: Partner | undefined; row: Readonly<Record<string, string>> }>();

function rowOf({ relationship, partner }: RelationshipView): Readonly<Record<string, string>> {
  const known = rows.get(relationship);
  if (known && known.partner === partner) return known.row;
  const row = Object.freeze({
    partnerId: relationship.partnerId,
    name: partner?.name ?? relationship.partnerId,
    typesText: relationship.status === 'active' ? typesText(relationship.types) : `Relationship ended ${day(relationship.endedAt ?? relationship.since)}${relationship.endedBy ? ` by ${relationship.endedBy.displayName}` : ''}`,
    rolesText: rolesText(relationship.roles),
    agreementText: agreementText(relationship),
  });
  if (Object.isFrozen(relationship)) rows.set(relationship, { partner, row });
  return row;
}
