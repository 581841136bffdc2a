import { z } from 'zod4';
import { authorizeCustomer } from '../authorization.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import type { AuditEvent } from '../model.js';
import { IsoDateSchema, PartnerIdSchema } from '../model.js';
import { ok, type Result } from '../result.js';

const AuditQuery = z.object({
  partnerId: PartnerIdSchema.optional(),
  since: IsoDateSchema.optional(),
  limit: z.number().int().min(1).max(200).default(20),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** The organization's audit trail, newest first, optionally for one partner or since a date. */
export async function readAuditTrail(deps: DomainDeps, actor: Actor, rawQuery: AuditQuery = {}): Promise<Result<AuditEvent[]>> {
  const query = parseInput(AuditQuery, rawQuery);
  if (!query.ok) return query;
  const auth = await authorizeCustomer(deps, actor, 'read');
  if (!auth.ok) return auth;
  const { partnerId, since, limit } = query.value;
  const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const state = await deps.store.read(actor.tenantId);
  const events: AuditEvent[] = [];
  const audit = state?.audit ?? [];
  for (let i = audit.length - 1; i >= 0 && events.length < limit; i--) {
    const event = audit[i]!;
    if (Date.parse(event.at) < sinceMs) break;
    if (partnerId === undefined || event.partnerId === partnerId) events.push(event);
  }
  return ok(events);
}
