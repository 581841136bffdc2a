import { type Activity, CardFactory, type CloudAdapter, type ConversationReference, MessageFactory, TurnContext } from 'botbuilder';

/** The part of botbuilder's connector client (kept in the turn state) this sender uses. */
interface Connector {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<unknown> };
}
import type { AdaptiveCard } from '../../cards/cardTemplates.js';

/** What happened when one card was sent to one conversation. */
export type SendOutcome =
  | { kind: 'sent' }
  /** The channel service says the bot is no longer in that conversation (403/404): stop using it. */
  | { kind: 'gone'; status: number }
  | { kind: 'failed'; error: string; retryAfterMs?: number | undefined };

export interface ChannelSender {
  send(reference: Record<string, unknown>, card: AdaptiveCard): Promise<SendOutcome>;
}

interface HttpishError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?: (name: string) => string | undefined } | Record<string, string> };
}

function retryAfterMs(error: HttpishError): number | undefined {
  const headers = error.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

class SendTimeout extends Error {}

/**
 * Sends proactive cards through the Bot Framework channel service (Teams, or a local stand-in at the reference's
 * serviceUrl), as a new message at the end of the conversation. A call that takes longer than the timeout is
 * aborted, with the connector's own retries, and counts as failed: the outbox retries it later. Without the abort,
 * a connector retry still under way (after a 429 or a 500) could deliver the card after the outbox had already
 * sent it again, so the conversation got it twice.
 */
export class BotFrameworkSender implements ChannelSender {
  constructor(private readonly adapter: CloudAdapter, private readonly appId: string, private readonly timeoutMs = 15_000) {}

  async send(reference: Record<string, unknown>, card: AdaptiveCard): Promise<SendOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const abort = new AbortController();
    try {
      // The adapter hands an error thrown in a turn to its onTurnError handler, which logs it and returns normally:
      // caught here and thrown after the turn, a 403, 404, 429 or 500 is a failure, not a card "sent".
      let failure: { error: unknown } | undefined;
      const sending = this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (context) => {
        try {
          const connector = context.turnState.get<Connector>(this.adapter.ConnectorClientKey);
          const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), TurnContext.getConversationReference(context.activity));
          delete activity.replyToId;
          await connector.conversations.sendToConversation(activity.conversation!.id, activity, { abortSignal: abort.signal });
        } catch (error) {
          failure = { error };
        }
      }).then(() => {
        if (failure) throw failure.error;
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort();
          reject(new SendTimeout(`no answer within ${this.timeoutMs} ms`));
        }, this.timeoutMs);
      });
      await Promise.race([sending, timeout]);
      return { kind: 'sent' };
    } catch (caught) {
      const error = caught as HttpishError;
      const status = error.statusCode ?? error.status;
      if (status === 403 || status === 404) return { kind: 'gone', status };
      return { kind: 'failed', error: `${status ? `HTTP ${status}: ` : ''}${error.code ? `${error.code} ` : ''}${error.message ?? String(caught)}`.slice(0, 300), retryAfterMs: retryAfterMs(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
