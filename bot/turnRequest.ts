import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/deps.js';
import type { ConversationToRemember } from '../domain/conversations.js';
import { isRecordKey } from '../domain/recordKeys.js';
import { TurnContext as Turn } from 'botbuilder';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** Who is asking, from where: read only from what Teams vouches for, never from card data. */
export interface TurnRequest {
  actor: Actor;
  conversationId: string;
  conversationKind: ConversationKind;
}

export type TurnIdentity = { ok: true; request: TurnRequest } | { ok: false; reason: string };

function kindOf(conversationType: string | undefined): ConversationKind {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

/**
 * The caller's Entra object id and tenant id. Teams sends the tenant twice (conversation and channel data); when
 * both are there they must agree, otherwise the request is refused rather than guessed.
 */
export function identify(context: TurnContext): TurnIdentity {
  const activity = context.activity;
  const objectId = activity.from?.aadObjectId;
  const fromConversation = activity.conversation?.tenantId;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenantId = typeof fromConversation === 'string' ? fromConversation : typeof fromChannelData === 'string' ? fromChannelData : undefined;
  if (!objectId || typeof objectId !== 'string') return { ok: false, reason: 'Teams did not say who you are (no Entra object id on the request).' };
  if (!tenantId) return { ok: false, reason: 'Teams did not say which organization you are in (no tenant id on the request).' };
  if (typeof fromChannelData === 'string' && fromChannelData.toLowerCase() !== tenantId.toLowerCase()) {
    return { ok: false, reason: 'The request names two different organizations, so it was refused.' };
  }
  if (!activity.conversation?.id) return { ok: false, reason: 'The request has no conversation.' };
  const conversationKind = kindOf(activity.conversation.conversationType);
  // A channel message's conversation id carries ";messageid=…"; the channel itself is the part before it.
  const conversationId = conversationKind === 'channel' ? activity.conversation.id.split(';')[0]! : activity.conversation.id;
  if (!isRecordKey(conversationId)) return { ok: false, reason: 'The request names a conversation Teams never would, so it was refused.' };
  return {
    ok: true,
    request: {
      actor: { objectId, tenantId: tenantId.toLowerCase(), displayName: shortName(activity.from.name) ?? 'Someone' },
      conversationId,
      conversationKind,
    },
  };
}

/**
 * The plain fields of an account (or of anything else): what a proactive message needs. The rest of what an activity
 * carried there is never kept: stored in the tenant's file, a deeply nested extra field made every later change to
 * that tenant fail (the store copies a tenant's state for each change), and nothing ever needs it.
 */
function plainFields(value: unknown, fields: readonly string[]): Record<string, string | boolean> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const picked: Record<string, string | boolean> = {};
  for (const field of fields) {
    const v = Object.hasOwn(value, field) ? (value as Record<string, unknown>)[field] : undefined;
    if (typeof v === 'string' || typeof v === 'boolean') picked[field] = v;
  }
  return picked;
}

const ACCOUNT_FIELDS = ['id', 'name', 'aadObjectId', 'role'] as const;

/**
 * Entra display names and team names are at most 256 characters. A longer one did not come from Teams, and shown as
 * is ("Hi …", "registered by …") it made a card of 100 KB, which Teams refuses: it is cut to that length.
 */
const MAX_NAME = 256;

/** A person's, team's or channel's name as Partner Desk shows and keeps it: trimmed, at most MAX_NAME characters. */
export function shortName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  if (trimmed.length <= MAX_NAME) return trimmed === '' ? undefined : trimmed;
  // Never half of a character written as two UTF-16 units (an emoji): a lone one can't be sent as text.
  const cut = trimmed.slice(0, MAX_NAME - 1);
  return /[\ud800-\udbff]$/.test(cut) ? `${cut.slice(0, -1)}…` : `${cut}…`;
}

/** A name Teams gives a team or channel, when it is one (text); anything else in that place is ignored. */
function nameOf(value: unknown): string | undefined {
  return value && typeof value === 'object' && Object.hasOwn(value, 'name') ? shortName((value as { name: unknown }).name) : undefined;
}

/** The reference the bot keeps to reach this conversation later, and who/what it is. */
export function conversationToRemember(context: TurnContext, request: TurnRequest): ConversationToRemember {
  const reference = Turn.getConversationReference(context.activity) as unknown as Record<string, unknown>;
  const conversationId = request.conversationId;
  // Proactive messages go to the channel itself, not to the thread this message was in.
  const conversation = { ...plainFields(reference['conversation'], ['isGroup', 'conversationType', 'tenantId', 'name']), id: conversationId };
  const channelData = context.activity.channelData as { team?: unknown; channel?: unknown } | undefined;
  const title = request.conversationKind === 'channel'
    ? [nameOf(channelData?.team), nameOf(channelData?.channel)].filter(Boolean).join(' › ') || undefined
    : undefined;
  const user = plainFields(reference['user'], ACCOUNT_FIELDS);
  const bot = plainFields(reference['bot'], ACCOUNT_FIELDS);
  const { channelId, locale, serviceUrl } = plainFields(reference, ['channelId', 'locale', 'serviceUrl']) ?? {};
  return {
    conversationId,
    kind: request.conversationKind,
    ...(request.conversationKind === 'personal' ? { userObjectId: request.actor.objectId } : {}),
    ...(title ? { title } : {}),
    reference: { ...(user ? { user } : {}), ...(bot ? { bot } : {}), conversation, channelId, locale, serviceUrl },
  };
}
