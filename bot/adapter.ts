import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * The Bot Framework adapter. With an app id it validates every incoming token and signs outgoing calls; without one
 * authentication is off, which is what local clients (Agents Playground, tests) expect.
 */
export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, activityType: context.activity.type, tenantId: context.activity.conversation?.tenantId }, 'turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Partner Desk hit a problem answering that, and nothing was changed that was not saved completely. Please try again.').catch(() => undefined);
    }
  };
  return adapter;
}
