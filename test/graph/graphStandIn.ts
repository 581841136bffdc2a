import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { roleNameForTemplateId } from '../../domain/directoryRoles.js';

/** A user as the stand-in's directory holds them. */
export interface StandInUser {
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  roleTemplateIds: string[];
}

/** One customer tenant: the token its app-only credential hands out, and its users by object id. */
export interface StandInTenant {
  token: string;
  users: Record<string, StandInUser>;
}

export interface SeenRequest {
  method: string;
  /** Path without the version prefix: "/users/{id}/transitiveMemberOf/microsoft.graph.directoryRole". */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  consistencyLevel: string | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as is instead of `body` (for answers that aren't JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

/** Answers a request instead of the directory; undefined lets the directory answer; 'hang' never answers. */
export type Override = (request: SeenRequest) => Reply | 'hang' | undefined;

export const VERSION = '/v1.0';

/** A Graph error body as Graph sends it. */
export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return {
    status,
    headers,
    body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': `req-${code}`, 'client-request-id': 'client-req' } } },
  };
}

/**
 * A local stand-in for the Microsoft Graph endpoints GraphRoleSource calls, on 127.0.0.1 and a free port. The
 * bearer token picks the tenant (as Graph does: the token, not the URL, names the directory). It serves the
 * documented shapes: directoryRole objects with roleTemplateId, paging by absolute @odata.nextLink, users with
 * $select, and Graph's error bodies; `override` injects throttling, failures and hangs.
 */
export class GraphStandIn {
  readonly requests: SeenRequest[] = [];
  readonly #tenants = new Map<string, StandInTenant>();
  #server: Server | undefined;
  #port = 0;
  /** directoryRole objects per page. */
  pageSize = 100;
  /** Delay before every answer, so concurrent lookups overlap. */
  delayMs = 0;
  override: Override | undefined;

  static async start(): Promise<GraphStandIn> {
    const standIn = new GraphStandIn();
    standIn.#server = createServer((req, res) => void standIn.#handle(req, res));
    standIn.#server.listen(0, '127.0.0.1');
    await once(standIn.#server, 'listening');
    standIn.#port = (standIn.#server.address() as AddressInfo).port;
    return standIn;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get baseUrl(): string {
    return `${this.origin}${VERSION}`;
  }

  addTenant(tenant: StandInTenant): void {
    this.#tenants.set(tenant.token, tenant);
  }

  /** Requests for the role memberships of a user (every page counts). */
  roleRequests(userObjectId?: string): SeenRequest[] {
    return this.requests.filter((r) => r.path.includes('/transitiveMemberOf/') && (!userObjectId || r.path.includes(userObjectId)));
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const request: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(VERSION) ? url.pathname.slice(VERSION.length) : url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      consistencyLevel: header(req, 'consistencylevel'),
    };
    this.requests.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const reply = this.override?.(request) ?? this.#directory(request);
    if (reply === 'hang') return;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
  }

  #directory(request: SeenRequest): Reply {
    const token = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    const tenant = token === undefined ? undefined : this.#tenants.get(token);
    if (!tenant) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    const roles = /^\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.directoryRole$/.exec(request.path);
    const profile = /^\/users\/([^/]+)$/.exec(request.path);
    const userId = decodeURIComponent((roles ?? profile)?.[1] ?? '');
    const user = Object.hasOwn(tenant.users, userId) ? tenant.users[userId] : undefined;
    if ((!roles && !profile) || !user) {
      return graphError(404, 'Request_ResourceNotFound', `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`);
    }
    if (profile) {
      return {
        status: 200,
        body: {
          '@odata.context': `${this.baseUrl}/$metadata#users(displayName,mail,userPrincipalName)/$entity`,
          displayName: user.displayName ?? null,
          mail: user.mail ?? null,
          userPrincipalName: user.userPrincipalName ?? null,
        },
      };
    }
    const offset = Number(request.query.get('$skiptoken') ?? '0');
    const page = user.roleTemplateIds.slice(offset, offset + this.pageSize);
    const body: Record<string, unknown> = {
      '@odata.context': `${this.baseUrl}/$metadata#directoryRoles(id,displayName,roleTemplateId)`,
      '@odata.count': user.roleTemplateIds.length,
      value: page.map((templateId, i) => ({
        '@odata.type': '#microsoft.graph.directoryRole',
        id: `role-object-${offset + i}`,
        displayName: roleNameForTemplateId(templateId) ?? 'Some Other Role',
        roleTemplateId: templateId,
      })),
    };
    if (offset + this.pageSize < user.roleTemplateIds.length) {
      const next = new URL(`${this.baseUrl}${request.path}`);
      for (const [key, value] of request.query) if (key !== '$skiptoken') next.searchParams.set(key, value);
      next.searchParams.set('$skiptoken', String(offset + this.pageSize));
      body['@odata.nextLink'] = decodeURIComponent(next.toString());
    }
    return { status: 200, body };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
