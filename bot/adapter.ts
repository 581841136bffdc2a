import type { Activity } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type BotFrameworkAuthentication, type ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { ReusedServiceClients } from './reusedServiceClients.js';
import { TurnAdapter } from './turnAdapter.js';

/**
 * Bot Framework authentication where a token that cannot be verified is unauthorized. botbuilder answers 500 when
 * verifying fails for a reason other than a bad signature (say, the signing keys can't be fetched); for a caller that
 * is still "not authenticated", and it must get 401 and reach nothing. The clients a turn gets are reused from turn to
 * turn (see reusedServiceClients.ts).
 */
class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  readonly #clients = new ReusedServiceClients();

  constructor(settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0], private readonly log: Logger) {
    super(settings);
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#clients.userTokenClient(identity, () => super.createUserTokenClient(identity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      const result = await super.authenticateRequest(activity, authHeader);
      if (!result.connectorFactory) return result;
      return { ...result, connectorFactory: this.#clients.connectorFactory(result.connectorFactory, result.claimsIdentity) };
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      // The reason (e.g. the signing keys could not be fetched) is for the operator's log, not for the caller.
      this.log.warn({ reason: (error as Error).message }, 'token could not be verified');
      throw new AuthenticationError('Unauthorized: the token could not be verified.', 401);
    }
  }
}

/**
 * Bot Framework authentication from the config. With an app id it validates every incoming token and signs outgoing
 * calls; without one authentication is off, which is what local clients (Agents Playground, tests) expect.
 */
export function createAuthentication(config: Config, log: Logger): BotFrameworkAuthentication {
  return new StrictBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  }, log);
}

/** The Bot Framework adapter for incoming turns. */
export function createAdapter(auth: BotFrameworkAuthentication, log: Logger): TurnAdapter {
  const adapter = new TurnAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, activityType: context.activity.type, tenantId: context.activity.conversation?.tenantId }, 'turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Partner Desk hit a problem answering that, and nothing was changed that was not saved completely. Please try again.').catch(() => undefined);
    }
  };
  return adapter;
}
