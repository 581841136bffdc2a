import { Client, HTTPMessageHandler, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import { BearerTokenMiddleware } from './bearerTokenMiddleware.js';
import type { GraphEndpoint } from './graphEndpoint.js';

/**
 * The official Graph client for one tenant, with its own middleware chain: the tenant's token, the SDK's telemetry
 * headers (client-request-id, SdkVersion), then fetch. No RetryHandler or RedirectHandler: retries are done by
 * `callGraph` against the lookup's deadline, so the SDK's own waits (up to minutes) can't overrun it.
 */
export function createGraphClient(credential: TokenCredential, endpoint: GraphEndpoint): Client {
  return Client.initWithMiddleware({
    baseUrl: endpoint.base,
    defaultVersion: '', // the version is part of the endpoint's base
    middleware: [new BearerTokenMiddleware(credential, endpoint), new TelemetryHandler(), new HTTPMessageHandler()],
  });
}
