import { CardFactory, type ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication, ClaimsIdentity, type ConnectorFactory } from 'botframework-connector';
import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import { ReusedServiceClients } from '../reusedServiceClients.js';

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
 *
 * One connector client per service URL serves every send (see reusedServiceClients.ts), as the adapter's proactive
 * path would build one per call (a new HTTP pipeline each time: a tenth of the server's CPU under write load). It gets
 * its tokens per request.
 */
export class BotFrameworkSender implements ChannelSender {
  readonly #connectors: ConnectorFactory;

  constructor(auth: BotFrameworkAuthentication, appId: string, private readonly timeoutMs = 15_000) {
    // The identity the adapter gives a proactive turn of this bot: audience and app id claims set to its app id.
    const identity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ]);
    this.#connectors = new ReusedServiceClients().connectorFactory(auth.createConnectorFactory(identity), identity);
  }

  async send(reference: Record<string, unknown>, card: AdaptiveCard): Promise<SendOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const abort = new AbortController();
    try {
      const conversation = reference as Partial<ConversationReference>;
      if (!conversation.serviceUrl || !conversation.conversation?.id) return { kind: 'failed', error: 'the conversation reference has no serviceUrl or conversation id' };
      const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), conversation);
      delete activity.replyToId;
      const sending = this.#connectors.create(conversation.serviceUrl).then((client) => client.conversations.sendToConversation(conversation.conversation!.id, activity, { abortSignal: abort.signal }));
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
