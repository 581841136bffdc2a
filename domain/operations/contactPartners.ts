import { z } from 'zod4';
import { authorizeCustomer } from '../authorization.js';
import { enqueueNotification, recordAudit } from '../changeLog.js';
import { changeTenant } from '../changeTenant.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import type { ContactRequest } from '../model.js';
import { PartnerIdSchema } from '../model.js';
import { ok, refuse, type Result } from '../result.js';

const ContactInput = z.object({
  /** Chosen by the form that collected the request, so a resubmitted card is recognised instead of sent twice. */
  requestId: z.string().min(8).max(100),
  partnerIds: z.array(PartnerIdSchema).min(1, 'choose at least one partner').max(10, 'choose at most 10 partners'),
  businessNeeds: z.string().trim().min(10, 'describe your business needs in at least 10 characters').max(4000),
});
export type ContactPartnersInput = z.input<typeof ContactInput>;

/** Contact selected providers: each chosen partner's channel receives the business needs and who to reply to. */
export async function contactPartners(deps: DomainDeps, actor: Actor, rawInput: ContactPartnersInput): Promise<Result<ContactRequest>> {
  const input = parseInput(ContactInput, rawInput);
  if (!input.ok) return input;
  const auth = await authorizeCustomer(deps, actor, 'write');
  if (!auth.ok) return auth;
  const { requestId, businessNeeds } = input.value;
  const partnerIds = [...new Set(input.value.partnerIds)];
  const unknown = partnerIds.filter((id) => !deps.directory.byId(id));
  if (unknown.length > 0) return refuse({ kind: 'notFound', what: 'partner', id: unknown.join(', ') });

  return changeTenant(deps, actor.tenantId, (draft) => {
    const earlier = draft.contactRequests.find((r) => r.id === requestId);
    if (earlier) return refuse({ kind: 'alreadyDone', what: 'this request was sent', by: earlier.sentBy, at: earlier.sentAt });
    const request: ContactRequest = { id: requestId, partnerIds, businessNeeds, sentAt: deps.clock.now().toISOString(), sentBy: auth.value };
    draft.contactRequests.push(request);
    for (const partnerId of partnerIds) {
      recordAudit(draft, deps, { actor: auth.value, action: 'partners.contacted', partnerId, subject: requestId, before: null, after: { businessNeeds } });
      enqueueNotification(draft, deps, {
        audience: { kind: 'partner', partnerId }, event: 'contactRequest', partnerId,
        data: {
          requestId, customerName: draft.tenant.displayName, customerTenantId: draft.tenant.id, businessNeeds,
          contactName: auth.value.displayName, contactEmail: auth.value.email, sentAt: request.sentAt,
        },
      });
    }
    return ok(request);
  });
}
