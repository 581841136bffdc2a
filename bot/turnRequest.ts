import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/deps.js';
import type { ConversationToRemember } from '../domain/conversations.js';
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
  return {
    ok: true,
    request: {
      actor: { objectId, tenantId: tenantId.toLowerCase(), displayName: activity.from.name || 'Someone' },
      conversationId,
      conversationKind,
    },
  };
}

/** The reference the bot keeps to reach this conversation later, and who/what it is. */
export function conversationToRemember(context: TurnContext, request: TurnRequest): ConversationToRemember {
  const reference = Turn.getConversationReference(context.activity) as unknown as Record<string, unknown>;
  const conversationId = request.conversationId;
  // Proactive messages go to the channel itself, not to the thread this message was in.
  const conversation = { ...(reference['conversation'] as Record<string, unknown>), id: conversationId };
  const channelData = context.activity.channelData as { team?: { name?: string }; channel?: { name?: string } } | undefined;
  const title = request.conversationKind === 'channel'
    ? [channelData?.team?.name, channelData?.channel?.name].filter(Boolean).join(' › ') || undefined
    : undefined;
  return {
    conversationId,
    kind: request.conversationKind,
    ...(request.conversationKind === 'personal' ? { userObjectId: request.actor.objectId } : {}),
    ...(title ? { title } : {}),
    reference: { ...reference, conversation, activityId: undefined },
  };
}
