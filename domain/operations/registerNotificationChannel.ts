import { z } from 'zod4';
import { authorizePartner } from '../authorization.js';
import { recordAudit } from '../changeLog.js';
import { changeTenant } from '../changeTenant.js';
import type { Actor, DomainDeps } from '../deps.js';
import { parseInput } from '../input.js';
import type { ChannelRegistration } from '../model.js';
import { PartnerIdSchema } from '../model.js';
import { ownEntry } from '../recordKeys.js';
import { ok, refuse, type Result } from '../result.js';

const RegisterChannelInput = z.object({
  partnerId: PartnerIdSchema.optional(),
  conversationId: z.string().min(1).max(500),
});
export type RegisterNotificationChannelInput = z.input<typeof RegisterChannelInput>;

/**
 * Partner staff choose the team channel where their partner profile is notified. The channel must be one the bot
 * already knows in the partner's own tenant, so notifications can never be pointed at someone else's conversation.
 */
export async function registerNotificationChannel(deps: DomainDeps, actor: Actor, rawInput: RegisterNotificationChannelInput): Promise<Result<ChannelRegistration>> {
  const input = parseInput(RegisterChannelInput, rawInput);
  if (!input.ok) return input;
  const auth = authorizePartner(deps, actor, input.value.partnerId);
  if (!auth.ok) return auth;
  const { partner, person } = auth.value;
  const { conversationId } = input.value;

  return changeTenant(deps, partner.tenantId, (draft) => {
    const conversation = ownEntry(draft.conversations, conversationId);
    if (!conversation) return refuse({ kind: 'notFound', what: 'conversation', id: conversationId });
    if (conversation.kind !== 'channel') {
      return refuse({ kind: 'invalidInput', issues: ['notifications go to a team channel: run this in the channel your team should be notified in'] });
    }
    const before = ownEntry(draft.partnerChannels, partner.id) ?? null;
    if (before?.conversationId === conversationId) {
      return refuse({ kind: 'alreadyDone', what: `this channel is already registered for ${partner.name}`, by: before.registeredBy, at: before.registeredAt });
    }
    const registration: ChannelRegistration = {
      conversationId,
      ...(conversation.title ? { title: conversation.title } : {}),
      registeredAt: deps.clock.now().toISOString(),
      registeredBy: person,
    };
    draft.partnerChannels[partner.id] = registration;
    recordAudit(draft, deps, { actor: person, action: 'channel.registered', partnerId: partner.id, before, after: registration });
    return ok(registration);
  });
}
