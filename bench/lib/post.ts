/**
 * Posts one activity to a bot's /api/messages and says whether the turn did the work measured: a 200, and for a
 * Partner Desk invoke a card that is not a refusal.
 */
export async function post(url: string, activity: unknown): Promise<boolean> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await response.text();
  if (response.status !== 200) return false;
  return !text.includes('Nothing was changed') && !text.includes('Not allowed:') && !text.includes('went wrong');
}

/**
 * Opens (or keeps open) `concurrency` connections to a bot with GET /healthz, so a measured burst does not count
 * TCP connection set-up: 25 writes at concurrency 20 after a pause otherwise open 19 new connections, for either bot.
 */
export async function openConnections(url: string, concurrency: number): Promise<void> {
  await Promise.all(Array.from({ length: concurrency }, async () => {
    const response = await fetch(`${url}/healthz`);
    await response.arrayBuffer();
  }));
}
