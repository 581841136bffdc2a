import { auditTrailCard } from '../../cards/auditTrailCard.js';
import { pendingListCard } from '../../cards/pendingListCard.js';
import { day } from '../../cards/cardParts.js';
import { PASSWORD_RESET_ROLES } from '../../domain/directoryRoles.js';
import type { Relationship } from '../../domain/model.js';
import { listPendingInvitations } from '../../domain/operations/listPendingInvitations.js';
import { listRelationships } from '../../domain/operations/listRelationships.js';
import { readAuditTrail } from '../../domain/operations/readAuditTrail.js';
import { describeTypes, isDelegatedAdminType, type PartnerType } from '../../domain/partnerTypes.js';
import { describeRefusal } from '../../domain/result.js';
import { partnerName, type RelationshipView } from '../../domain/views.js';
import { card, type Reply, text } from '../reply.js';
import { partnerScreen, partnersScreen } from '../screens.js';
import type { BotServices } from '../services.js';
import type { TurnRequest } from '../turnRequest.js';
import type { HelpdeskIntent } from './helpdeskIntent.js';

const nameOf = (view: RelationshipView) => view.partner?.name ?? view.relationship.partnerId;
const bullet = (lines: string[]) => lines.map((l) => `- ${l}`).join('\n');

/** Whether a relationship is of a type, counting "Reseller & delegated administrator" as both. */
function hasType(relationship: Relationship, type: PartnerType): boolean {
  if (relationship.types.includes(type)) return true;
  if (!relationship.types.includes('resellerAndDelegatedAdministrator')) return false;
  return type === 'reseller' || type === 'delegatedAdministrator';
}

function agreementLine(view: RelationshipView): string {
  const a = view.relationship.agreement;
  if (a) return `**${nameOf(view)}**: accepted by ${a.acceptedBy.displayName} on ${day(a.acceptedAt)} (${a.agreementVersion})`;
  if (view.relationship.requiresAgreement) return `**${nameOf(view)}**: **not accepted yet**. They can't buy or manage subscriptions for you until a Global or Billing admin accepts it.`;
  return `**${nameOf(view)}**: not needed (they don't sell to you)`;
}

/** Answers a helpdesk question read-only, through the same permission checks as everything else. */
export async function answerHelpdeskQuestion(services: BotServices, request: TurnRequest, intent: HelpdeskIntent): Promise<Reply[]> {
  const { deps } = services;
  const actor = request.actor;
  const relationships = async () => listRelationships(deps, actor);

  switch (intent.kind) {
    case 'showPartner':
      return [card(await partnerScreen(services, request, intent.partner.id))];
    case 'listPartners':
      return [card(await partnersScreen(services, request))];
    case 'pending': {
      const pending = await listPendingInvitations(deps, actor);
      if (!pending.ok) return [text(describeRefusal(pending.refusal))];
      return [card(pendingListCard(pending.value))];
    }
    case 'changes': {
      const since = new Date(deps.clock.now().getTime() - intent.days * 86_400_000).toISOString();
      const events = await readAuditTrail(deps, actor, { since, limit: 50 });
      if (!events.ok) return [text(describeRefusal(events.refusal))];
      return [card(auditTrailCard(events.value, { partnerName: (id) => partnerName(deps, id), title: 'What changed', scope: intent.label }))];
    }
    case 'ambiguousPartner':
      return [text(`Which partner do you mean: ${intent.candidates.map((p) => p.name).join(', ')}?`)];
    case 'unknown':
      return [];
  }

  const list = await relationships();
  if (!list.ok) return [text(describeRefusal(list.refusal))];
  const views = list.value;

  switch (intent.kind) {
    case 'adminRoles': {
      const scoped = intent.partner ? views.filter((v) => v.relationship.partnerId === intent.partner!.id) : views;
      const holders = scoped.filter((v) => v.relationship.roles.length > 0);
      if (intent.partner) {
        const view = scoped[0];
        if (!view) return [text(`You don't work with ${intent.partner.name}, so they hold no admin roles in your organization.`)];
        return [text(view.relationship.roles.length
          ? `**Yes.** ${nameOf(view)} holds ${view.relationship.roles.join(', ')} (delegated admin) since ${day(view.relationship.rolesGrantedAt ?? view.relationship.since)}.`
          : `**No.** ${nameOf(view)} holds no admin roles${view.relationship.rolesRemovedAt ? ` (removed ${day(view.relationship.rolesRemovedAt)} by ${view.relationship.rolesRemovedBy?.displayName ?? 'an admin'})` : ''}.`)];
      }
      if (holders.length === 0) return [text('No partner holds admin roles in your organization.')];
      return [text(`${holders.length === 1 ? '1 partner holds' : `${holders.length} partners hold`} admin roles in your organization:\n\n${bullet(holders.map((v) => `**${nameOf(v)}**: ${v.relationship.roles.join(', ')}`))}`)];
    }
    case 'passwordReset': {
      const byRole = views.filter((v) => v.relationship.roles.some((r) => PASSWORD_RESET_ROLES.includes(r as never)));
      const advisors = views.filter((v) => v.relationship.types.includes('advisor') && !byRole.includes(v));
      if (byRole.length + advisors.length === 0) return [text('No partner can reset passwords for you: none holds an admin role that allows it, and none is your Advisor.')];
      const lines = [
        ...byRole.map((v) => `**${nameOf(v)}**: through its ${v.relationship.roles.filter((r) => PASSWORD_RESET_ROLES.includes(r as never)).join(' and ')} role`),
        ...advisors.map((v) => `**${nameOf(v)}**: as your Advisor (password resets and support incidents)`),
      ];
      return [text(`These partners can reset passwords for you:\n\n${bullet(lines)}`)];
    }
    case 'isType': {
      const view = views.find((v) => v.relationship.partnerId === intent.partner.id);
      if (!view) return [text(`**No.** You don't work with ${intent.partner.name}. They offer: ${describeTypes(intent.partner.typesOffered)}.`)];
      const yes = hasType(view.relationship, intent.type);
      const current = `${nameOf(view)} works with you as: ${describeTypes(view.relationship.types)}`;
      const extra = intent.type === 'reseller' && yes && view.relationship.requiresAgreement && !view.relationship.agreement ? ' The Microsoft Customer Agreement is not accepted yet, so they cannot buy for you until an admin accepts it.' : '';
      const delegatedNote = isDelegatedAdminType(intent.type) && yes ? ` Roles: ${view.relationship.roles.join(', ') || 'none'}.` : '';
      return [text(`**${yes ? 'Yes' : 'No'}.** ${current} (since ${day(view.relationship.since)}).${delegatedNote}${extra}`)];
    }
    case 'agreement': {
      const scoped = views.filter((v) => !intent.partner || v.relationship.partnerId === intent.partner.id);
      if (intent.partner && scoped.length === 0) return [text(`You don't work with ${intent.partner.name}.`)];
      if (scoped.length === 0) return [text('You have no partners, so there is no Microsoft Customer Agreement to accept.')];
      const missing = scoped.filter((v) => v.relationship.requiresAgreement && !v.relationship.agreement).length;
      const summary = missing === 0 ? 'Yes, every partner that needs it has the Microsoft Customer Agreement accepted.' : `Not for every partner: ${missing} still ${missing === 1 ? 'needs' : 'need'} it.`;
      return [text(`${intent.partner ? '' : `${summary}\n\n`}${bullet(scoped.map(agreementLine))}`)];
    }
  }
}
