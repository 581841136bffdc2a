import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the channel service. */
export interface ChannelCall {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  at: number;
}

/** How the stand-in answers the next calls: like Teams when all is well, or one of its failures. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang' }
  | { kind: 'reset' };

/**
 * A local stand-in for the Bot Framework channel service (what Teams runs at `serviceUrl`): it records every reply,
 * update and proactive message the bot sends, answers like the real service, and can be told to fail.
 */
export class ChannelServiceStandIn {
  readonly calls: ChannelCall[] = [];
  readonly #faults: Fault[] = [];
  #persistentFault: Fault | undefined;
  #server: Server | undefined;
  #hanging: ServerResponse[] = [];
  #nextId = 1;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#hanging = [];
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls get this fault, then calls succeed again. */
  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.#faults.push(fault);
  }

  /** Every call gets this fault until `recover()`. */
  failAlways(fault: Fault): void {
    this.#persistentFault = fault;
  }

  recover(): void {
    this.#persistentFault = undefined;
    this.#faults.length = 0;
    for (const res of this.#hanging) res.destroy();
    this.#hanging = [];
  }

  /** Calls sent to one conversation (replies and proactive messages alike). */
  to(conversationId: string): ChannelCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  /** Adaptive Cards sent to a conversation, in order. */
  cardsTo(conversationId: string): Record<string, unknown>[] {
    return this.to(conversationId).flatMap((c) => ((c.activity['attachments'] as { contentType: string; content: Record<string, unknown> }[] | undefined) ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content));
  }

  textsTo(conversationId: string): string[] {
    return this.to(conversationId).map((c) => c.activity['text']).filter((t): t is string => typeof t === 'string');
  }

  /** Waits until `predicate` holds, polling; fails the test with `what` after the timeout. */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls so far: ${this.calls.map((c) => `${c.method} ${c.conversationId}`).join(', ') || 'none'}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fault = this.#faults.shift() ?? this.#persistentFault;
    if (fault?.kind === 'hang') {
      this.#hanging.push(res);
      return;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify(fault.body ?? { error: { code: 'ServiceError', message: `stand-in answered ${fault.status}` } }));
      return;
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const activity = JSON.parse(Buffer.concat(chunks).toString('utf-8') || '{}') as Record<string, unknown>;
    this.calls.push({
      method: req.method ?? '',
      path: req.url ?? '',
      conversationId: decodeURIComponent(match[1]!),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      activity,
      at: Date.now(),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${this.#nextId++}` }));
  }
}
