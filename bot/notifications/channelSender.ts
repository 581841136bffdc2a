import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
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
 * serviceUrl). A call that takes longer than the timeout counts as failed and is retried later.
 */
export class BotFrameworkSender implements ChannelSender {
  constructor(private readonly adapter: CloudAdapter, private readonly appId: string, private readonly timeoutMs = 15_000) {}

  async send(reference: Record<string, unknown>, card: AdaptiveCard): Promise<SendOutcome> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const sending = this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (context) => {
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      });
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new SendTimeout(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs); });
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
