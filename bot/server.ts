import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import type { Logger } from './logger.js';
import type { PartnerDeskBot } from './partnerDeskBot.js';

export interface ServerParts {
  adapter: CloudAdapter;
  bot: PartnerDeskBot;
  log: Logger;
  maxBodyBytes: number;
  /** A file whose presence shows the store is there and readable. */
  storeProbe: string;
}

export interface HttpServer {
  server: restify.Server;
  /** Requests being answered right now. */
  inFlight(): number;
  /** Stops accepting, then waits for the requests under way. */
  close(): Promise<void>;
}

/**
 * Who an activity is from or to. Every reply copies these accounts, and the connector refuses to send a reply whose
 * fields have other types than its schema's (`isGroup: ""` meant no answer at all, and a conversation reference kept
 * for notifications that could never be used), so an activity carrying them is refused before anything happens.
 */
const optionalText = z.string().nullish();
const ChannelAccount = z.object({ id: optionalText, name: optionalText, aadObjectId: optionalText, role: optionalText, properties: z.object({}).loose().nullish() }).loose();
const ConversationAccount = ChannelAccount.extend({
  // Sent back as an HTTP header with every reply: anything but printable ASCII (Teams ids are) could never be answered.
  id: z.string().min(1).max(1_000).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII'),
  isGroup: z.boolean().nullish(),
  conversationType: optionalText,
  tenantId: optionalText,
});

/**
 * The fields every activity must carry with the right types before botbuilder sees it. botbuilder assumes them: a
 * numeric serviceUrl made it answer 500, a message without one left the request hanging while it tried to reply.
 */
const ActivityEnvelope = z.object({
  type: z.string().min(1).max(100),
  // A serviceUrl that is no URL at all ("http://", "https://a b/") left messages unanswered and was kept for
  // notifications that could never be sent.
  serviceUrl: z.string().max(2_000).regex(/^https?:\/\//i, 'must be an http(s) URL').refine((url) => URL.canParse(url), 'must be an http(s) URL'),
  conversation: ConversationAccount,
  from: ChannelAccount.optional(),
  recipient: ChannelAccount.optional(),
  // Copied into every reply, so held to the connector's types too. A reply is posted to .../activities/<id>: an id
  // longer than any Teams sends, or one that is not printable ASCII (a lone surrogate can't even be URL-encoded),
  // would leave the reply no address to go to.
  id: z.string().max(1_000).regex(/^[\x20-\x7e]*$/, 'must be printable ASCII').nullish(),
  channelId: optionalText,
  locale: optionalText,
  channelData: z.object({}).loose().optional(),
  entities: z.array(z.unknown()).optional(),
  text: z.string().optional(),
  name: z.string().optional(),
}).loose();

/**
 * Whether a "__proto__" key appears anywhere in the parsed body. JSON.parse keeps it as a plain key, but any code that
 * copies the object by assignment (botbuilder does, building replies) turns it into a prototype: `from: {"__proto__":
 * {"id": 0}}` made every reply fail. Teams never sends one. Walked without recursion: bodies may nest deeply.
 */
function hasProtoKey(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    if (!Array.isArray(node) && Object.hasOwn(node, '__proto__')) return true;
    for (const value of Object.values(node)) if (value && typeof value === 'object') pending.push(value);
  }
  return false;
}

/** The HTTP surface: POST /api/messages for Bot Framework activities and GET /healthz. */
export function createHttpServer(parts: ServerParts): HttpServer {
  const { adapter, bot, log } = parts;
  const server = restify.createServer({ name: 'partner-desk', handleUncaughtExceptions: false });
  let inFlight = 0;

  server.use((_req, res, next) => {
    inFlight += 1;
    res.once('close', () => { inFlight -= 1; });
    next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: parts.maxBodyBytes, mapParams: false, mapFiles: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
    const body = req.body as { type?: unknown; conversation?: { tenantId?: unknown }; channelData?: { tenant?: { id?: unknown } } } | undefined;
    const tenantId = body?.conversation?.tenantId ?? body?.channelData?.tenant?.id;
    const reqLog = log.child({ requestId, tenantId: typeof tenantId === 'string' ? tenantId.slice(0, 64) : undefined, activityType: typeof body?.type === 'string' ? body.type.slice(0, 40) : undefined });
    if (hasProtoKey(body)) {
      reqLog.warn('activity refused: "__proto__" key');
      res.send(400, { code: 'BadRequest', message: 'The activity is not a valid Bot Framework activity (it has a "__proto__" key).' });
      return;
    }
    const envelope = ActivityEnvelope.safeParse(body);
    if (!envelope.success) {
      const issues = envelope.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      reqLog.warn({ issues }, 'activity refused');
      res.send(400, { code: 'BadRequest', message: `The activity is not a valid Bot Framework activity (${issues}).` });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
      reqLog.info({ status: res.statusCode }, 'activity handled');
    } catch (error) {
      // botbuilder rejects activities whose fields have the wrong types by throwing; that is bad input, not a crash.
      reqLog.warn({ err: error }, 'activity refused');
      if (!res.headersSent) res.send(400, { code: 'BadRequest', message: 'The activity is not a valid Bot Framework activity.' });
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await stat(parts.storeProbe);
      res.send(200, { status: 'ok', inFlight });
    } catch (error) {
      res.send(503, { status: 'store unavailable', error: (error as Error).message });
    }
  });

  return {
    server,
    inFlight: () => inFlight,
    // Node stops accepting at once and calls back when the last open request has been answered.
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.server.closeIdleConnections();
    }),
  };
}
