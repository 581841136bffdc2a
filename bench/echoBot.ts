import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';

/**
 * The floor for the benchmark: a bare echo bot on the same stack and the same adapter setup as Partner Desk
 * (restify with the same body parser, CloudAdapter with authentication off). It answers a message with its text and
 * an invoke with a one-line card, doing no other work.
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }

  protected override async onInvokeActivity() {
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Echo' }] } } };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' }));
const bot = new EchoBot();
const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 262_144, mapParams: false, mapFiles: false, rejectUnknown: true }));
server.post('/api/messages', async (req, res) => {
  try {
    await adapter.process(req, res, (context) => bot.run(context));
  } catch {
    if (!res.headersSent) res.send(400);
  }
});
server.get('/healthz', async (_req, res) => { res.send(200, { status: 'ok' }); });
server.listen(Number(process.env['PORT'] ?? 3979), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
