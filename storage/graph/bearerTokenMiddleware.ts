import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphClientError } from '@microsoft/microsoft-graph-client';
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { GraphEndpoint } from './graphEndpoint.js';
import { SignInError } from './signInError.js';

/**
 * Puts the tenant's app-only token on each request, and only on requests under the Graph endpoint. Used instead of
 * the client's AuthenticationHandler, which attaches tokens only to https Graph hosts (so a loopback stand-in would
 * get none) and hides credential failures inside a generic error.
 */
export class BearerTokenMiddleware implements Middleware {
  #next: Middleware | undefined;

  constructor(private readonly credential: TokenCredential, private readonly endpoint: GraphEndpoint) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (!this.endpoint.owns(url)) throw new GraphClientError(`refusing to send a Graph token outside ${this.endpoint.base}`);
    const signal = context.options?.signal ?? undefined;
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.endpoint.scope, { abortSignal: signal });
    } catch (error) {
      if (signal?.aborted) throw error; // out of time: reported as Graph not answering, not as a sign-in failure
      throw new SignInError(error);
    }
    if (!token?.token) throw new SignInError(new Error('the credential returned no token'));
    setHeader(context, 'Authorization', `Bearer ${token.token}`);
    if (!this.#next) throw new GraphClientError('BearerTokenMiddleware must not be the last middleware');
    await this.#next.execute(context);
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) options.headers = [...headers.filter(([key]) => key?.toLowerCase() !== name.toLowerCase()), [name, value]];
  else options.headers = { ...headers, [name]: value };
}
