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
