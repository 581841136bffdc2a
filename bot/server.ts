import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import restify from 'restify';
import { activityShapeProblem } from './activityEnvelope.js';
import { jsonFormatter } from './jsonFormatter.js';
import type { Logger } from './logger.js';
import type { PartnerDeskBot } from './partnerDeskBot.js';
import type { TurnAdapter } from './turnAdapter.js';

export interface ServerParts {
  adapter: TurnAdapter;
  bot: PartnerDeskBot;
  log: Logger;
  maxBodyBytes: number;
  /** A file whose presence shows the store is there and readable. */
  storeProbe: string;
  /** With an app id, requests must carry a Bot Framework token. */
  requireAuthentication: boolean;
}

/** The fields of a posted body that the request log names, not yet checked. */
type ActivityBody = { type?: unknown; conversation?: { tenantId?: unknown }; channelData?: { tenant?: { id?: unknown } } };

export interface HttpServer {
  server: restify.Server;
  /** Requests being answered right now. */
  inFlight(): number;
  /** Stops accepting, then waits for the requests under way. */
  close(): Promise<void>;
}

/** A request's logger, naming its request id (the caller's, or a new one), tenant and activity type. */
function requestLog(log: Logger, requestIdHeader: string | string[] | undefined, body: ActivityBody | undefined): Logger {
  const requestId = typeof requestIdHeader === 'string' ? requestIdHeader.slice(0, 100) : randomUUID();
  const tenantId = body?.conversation?.tenantId ?? body?.channelData?.tenant?.id;
  return log.child({ requestId, tenantId: typeof tenantId === 'string' ? tenantId.slice(0, 64) : undefined, activityType: typeof body?.type === 'string' ? body.type.slice(0, 40) : undefined });
}

/** The HTTP surface: POST /api/messages for Bot Framework activities and GET /healthz. */
export function createHttpServer(parts: ServerParts): HttpServer {
  const { adapter, bot, log } = parts;
  const server = restify.createServer({ name: 'partner-desk', handleUncaughtExceptions: false, formatters: { 'application/json': jsonFormatter } });
  let inFlight = 0;

  server.use((_req, res, next) => {
    inFlight += 1;
    res.once('close', () => { inFlight -= 1; });
    next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: parts.maxBodyBytes, mapParams: false, mapFiles: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    const body = req.body as ActivityBody | undefined;
    // Made only when something is logged: a child logger (with its redaction) per request was a few percent of a turn.
    let made: Logger | undefined;
    const reqLog = () => (made ??= requestLog(log, req.headers['x-request-id'], body));
    // No token at all can't be a Bot Framework request: answered here, so botbuilder doesn't log each probe as an error.
    if (parts.requireAuthentication && !req.headers.authorization) {
      reqLog().warn('activity refused: no token');
      res.send(401, { code: 'Unauthorized', message: 'A Bot Framework token is required.' });
      return;
    }
    const problem = activityShapeProblem(body);
    if (problem) {
      reqLog().warn({ problem }, 'activity refused');
      res.send(400, { code: 'BadRequest', message: `The activity is not a valid Bot Framework activity (${problem}).` });
      return;
    }
    try {
      await adapter.answer(req, res, (context) => bot.run(context));
      if (log.isLevelEnabled('info')) reqLog().info({ status: res.statusCode }, 'activity handled');
    } catch (error) {
      // botbuilder rejects activities whose fields have the wrong types by throwing; that is bad input, not a crash.
      reqLog().warn({ err: error }, 'activity refused');
      if (!res.headersSent) res.send(400, { code: 'BadRequest', message: 'The activity is not a valid Bot Framework activity.' });
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await stat(parts.storeProbe);
      res.send(200, { status: 'ok', inFlight });
    } catch (error) {
      log.error({ err: error }, 'health check: store unavailable');
      res.send(503, { status: 'store unavailable' });
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
