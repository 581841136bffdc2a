import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through in front of the channel service stand-in, on a port of its own that stays the same, for what the
 * stand-in can't do by itself:
 *  - be down and come back on the same address (conversation references keep the serviceUrl they were saved with);
 *  - let a call reach the service (the stand-in records it, as Teams would post it) while its answer is slow to come
 *    back, or never comes back: the moment a process can die between "sent" and "recorded as sent".
 */
export class ChannelProxy {
  url = '';
  /** Calls that arrived here. */
  received = 0;
  /** Calls the service behind the proxy answered. */
  forwarded = 0;
  #server: Server | undefined;
  #port = 0;
  #delayMs = 0;
  #answerNext = Number.POSITIVE_INFINITY;
  #held: ServerResponse[] = [];

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    await this.up();
    this.url = `http://127.0.0.1:${this.#port}/`;
    return this;
  }

  /** Starts listening (again, on the same port). */
  async up(): Promise<void> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject);
      this.#server!.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** Stops listening: callers get "connection refused" until up(). */
  async down(): Promise<void> {
    this.release();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }

  /** Answers come back `ms` late (the call has already reached the service). */
  delayAnswers(ms: number): void {
    this.#delayMs = ms;
  }

  /** The next `count` calls are answered; after that, calls still reach the service but their answers never come back. */
  answerOnly(count: number): void {
    this.#answerNext = count;
  }

  /** Answers normally again, dropping the connections of answers held back. */
  release(): void {
    this.#delayMs = 0;
    this.#answerNext = Number.POSITIVE_INFINITY;
    for (const res of this.#held) res.destroy();
    this.#held = [];
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.received += 1;
    const target = new URL(req.url ?? '/', this.target);
    const answer = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer } | undefined>((resolve) => {
      const forward = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (upstream) => {
        const body: Buffer[] = [];
        upstream.on('data', (chunk: Buffer) => body.push(chunk));
        upstream.on('end', () => resolve({ status: upstream.statusCode ?? 502, headers: upstream.headers, body: Buffer.concat(body) }));
        upstream.on('error', () => resolve(undefined));
      });
      forward.on('error', () => resolve(undefined));
      forward.end(Buffer.concat(chunks));
    });
    if (!answer) {
      res.destroy();
      return;
    }
    this.forwarded += 1;
    if (this.#answerNext <= 0) {
      this.#held.push(res);
      return;
    }
    this.#answerNext -= 1;
    if (this.#delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }
}
