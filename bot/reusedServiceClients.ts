import { AuthenticationConstants, type ClaimsIdentity, type ConnectorClient, ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import { LruMap } from '../storage/graph/lruMap.js';

/**
 * The connector and user-token clients of incoming turns, made once and reused. botbuilder's CloudAdapter makes both
 * anew for every activity it receives, each with an HTTP pipeline of a dozen policies: about a tenth of a read turn's
 * CPU, for clients most turns never call. A client keeps nothing of a turn (it asks its credentials for a token on
 * each request), so one per app id, service URL and audience serves them all; the outbox's sender keeps its proactive
 * clients the same way. Bounded, because with authentication off any caller can name a service URL, and a stored
 * conversation reference keeps it.
 */
export class ReusedServiceClients {
  readonly #connectors: LruMap<string, Promise<ConnectorClient>>;
  readonly #userTokens: LruMap<string, Promise<UserTokenClient>>;

  constructor(maxEntries = 64) {
    this.#connectors = new LruMap(maxEntries);
    this.#userTokens = new LruMap(maxEntries);
  }

  /** A factory that hands out the client `made` makes for this app id, service URL and audience, made only once. */
  connectorFactory(made: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(this.#connectors, appIdOf(identity), made);
  }

  /** The user-token client for this identity's app id, made by `make` only the first time. */
  userTokenClient(identity: ClaimsIdentity, make: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    return reuse(this.#userTokens, appIdOf(identity), make);
  }
}

/**
 * One class for every turn's factory. A class expression per turn would give V8 a new constructor, prototype and map
 * each time, and the map, kept in the old generation, would hold the turn's factory alive until a major collection.
 */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly connectors: LruMap<string, Promise<ConnectorClient>>,
    private readonly appId: string,
    private readonly made: ConnectorFactory,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return reuse(this.connectors, `${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.made.create(serviceUrl, audience));
  }
}

/** The app id botbuilder makes a turn's clients for: the token's audience, or its app id claim (the Emulator's). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

function reuse<T>(cache: LruMap<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let client = cache.get(key);
  if (!client) {
    client = make();
    cache.set(key, client);
    // A client that could not be made (credentials failing, say) is made again by the next turn.
    client.catch(() => { if (cache.get(key) === client) cache.delete(key); });
  }
  return client;
}
