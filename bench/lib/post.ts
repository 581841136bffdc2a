import http from 'node:http';

/**
 * The load driver's HTTP client: node:http on a keep-alive agent per server. The driver shares the machine's two
 * cores with the server it measures, and `fetch` cost it about 0.45 ms of CPU a request, more than a read turn costs
 * the server: at c=20 a bot's latency then showed the driver's speed as much as its own, and more so for the bot with
 * the larger answers (Partner Desk's cards are 2-5 KB, the echo bot's one line).
 */
const agents = new Map<string, http.Agent>();

function agentFor(url: string): http.Agent {
  let agent = agents.get(url);
  if (!agent) {
    // A kept connection idle for 2 s is closed by the driver, well before the server's keep-alive timeout (5 s):
    // reusing one the server is closing at that very moment fails the request with "socket hang up".
    agent = new http.Agent({ keepAlive: true, timeout: 2_000 });
    agents.set(url, agent);
  }
  return agent;
}

function request(url: string, path: string, body?: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', agent: agentFor(url), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * Posts one activity to a bot's /api/messages and says whether the turn did the work measured: a 200, and for a
 * Partner Desk invoke a card that is not a refusal (looked for in the bytes, without decoding them).
 */
export async function post(url: string, activity: unknown): Promise<boolean> {
  const response = await request(url, '/api/messages', JSON.stringify(activity));
  if (response.status !== 200) return false;
  return !response.body.includes('Nothing was changed') && !response.body.includes('Not allowed:') && !response.body.includes('went wrong');
}

/**
 * Opens (or keeps open) `concurrency` connections to a bot with GET /healthz, so a measured burst does not count
 * TCP connection set-up: 25 writes at concurrency 20 after a pause otherwise open 19 new connections, for either bot.
 */
export async function openConnections(url: string, concurrency: number): Promise<void> {
  await Promise.all(Array.from({ length: concurrency }, () => request(url, '/healthz')));
}

/** Closes every kept-alive connection, so the driver's process can end. */
export function closeConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
