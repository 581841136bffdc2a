import { recordAudit, SYSTEM_ACTOR } from './changeLog.js';
import type { DomainDeps } from './deps.js';
import type { ConversationRecord } from './model.js';
import { isTenantId } from './model.js';
import { sameJson } from './plainJson.js';
import { isRecordKey, ownEntry } from './recordKeys.js';

export type ConversationToRemember = Omit<ConversationRecord, 'savedAt'>;

/** `refused`: the id cannot be a record key (see recordKeys), so nothing was kept. */
export type Remembered = 'new' | 'updated' | 'unchanged' | 'refused';

/**
 * Keeps the conversation reference the bot needs to reach a chat or channel later. Writes only when the
 * conversation is new or its reference changed, so ordinary messages cost no store write.
 */
export async function rememberConversation(deps: DomainDeps, tenantId: string, conversation: ConversationToRemember): Promise<Remembered> {
  if (!isTenantId(tenantId) || !isRecordKey(conversation.conversationId)) return 'refused';
  const stored = await deps.store.read(tenantId);
  const known = stored && ownEntry(stored.conversations, conversation.conversationId);
  if (known && sameConversation(known, conversation)) return 'unchanged';
  return deps.store.transact(tenantId, (draft): { commit: boolean; value: Remembered } => {
    const current = ownEntry(draft.conversations, conversation.conversationId);
    if (current && sameConversation(current, conversation)) return { commit: false, value: 'unchanged' };
    draft.conversations[conversation.conversationId] = { ...conversation, savedAt: deps.clock.now().toISOString() };
    return { commit: true, value: current ? 'updated' : 'new' };
  });
}

function sameConversation(a: ConversationToRemember, b: ConversationToRemember): boolean {
  return a.kind === b.kind && a.userObjectId === b.userObjectId && a.title === b.title && sameJson(a.reference, b.reference);
}

/**
 * Drops a conversation the bot can no longer reach (uninstalled, or the channel service said the bot is not in it).
 * A partner channel registered there is retired too, so its notifications wait for a new registration.
 */
export async function forgetConversation(deps: DomainDeps, tenantId: string, conversationId: string): Promise<boolean> {
  if (!isTenantId(tenantId) || !(await deps.store.exists(tenantId))) return false;
  return deps.store.transact(tenantId, (draft) => {
    if (!ownEntry(draft.conversations, conversationId)) return { commit: false, value: false };
    delete draft.conversations[conversationId];
    for (const [partnerId, registration] of Object.entries(draft.partnerChannels)) {
      if (registration.conversationId !== conversationId) continue;
      delete draft.partnerChannels[partnerId];
      recordAudit(draft, deps, { actor: SYSTEM_ACTOR, action: 'channel.retired', partnerId, before: registration, after: null });
    }
    return { commit: true, value: true };
  });
}
