export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

/** App-only access to Graph: the `.default` scope carries the application permissions the tenant consented to. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where Graph is: a base URL with its version ("https://graph.microsoft.com/v1.0"). Tokens go only to URLs under it,
 * and a paging link is followed only when it points under it. Plain http is accepted for loopback stand-ins only,
 * so a token is never sent in clear over a network.
 */
export class GraphEndpoint {
  /** The base without a trailing slash. */
  readonly base: string;
  /** The token scope for this Graph: `{origin}/.default` (national clouds differ); Graph's own for a loopback stand-in. */
  readonly scope: string;

  constructor(baseUrl: string = DEFAULT_GRAPH_BASE_URL) {
    const url = new URL(baseUrl);
    const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !loopback) {
      throw new Error(`the Graph base URL must be https (plain http only on loopback): ${baseUrl}`);
    }
    if (url.search || url.hash || url.username || url.password) {
      throw new Error(`the Graph base URL must be a plain origin and path: ${baseUrl}`);
    }
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.scope = loopback ? GRAPH_SCOPE : `${url.origin}/.default`;
  }

  /** Whether a request URL lies under the base. */
  owns(url: string): boolean {
    return url === this.base || url.startsWith(`${this.base}/`) || url.startsWith(`${this.base}?`);
  }

  /** An `@odata.nextLink` as a path under the base, or undefined when it points anywhere else. */
  pathOf(link: string): string | undefined {
    return link.startsWith(`${this.base}/`) ? link.slice(this.base.length) : undefined;
  }
}
