import type { AuditEvent } from '../domain/model.js';
import { type Banner, NAV } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';
import { auditChange, auditWhat, auditWhen } from './describe.js';

/** The audit trail, newest first: who did what to which partner, when, and what changed. */
export function auditTrailCard(
  events: readonly AuditEvent[],
  options: { partnerName: (partnerId: string) => string; title?: string; scope?: string; banner?: Banner },
): AdaptiveCard {
  return expandCard('auditTrailCard', {
    title: options.title ?? 'History',
    subtitle: events.length === 0 ? 'Nothing recorded yet' : `Latest ${events.length} ${events.length === 1 ? 'change' : 'changes'}${options.scope ? ` ${options.scope}` : ''}`,
    emptySuffix: options.scope ? ` ${options.scope}` : '',
    events: events.map((event) => {
      const change = auditChange(event);
      return {
        what: auditWhat(event, event.partnerId ? options.partnerName(event.partnerId) : undefined),
        who: event.actor.displayName,
        when: auditWhen(event),
        ...(change ? { change } : {}),
      };
    }),
    nav: [NAV.partners, NAV.pending],
    ...(options.banner ? { banner: options.banner } : {}),
  });
}
