import { INVITATIONS_PER_TENANT } from './generateStore.js';
import { post } from './post.js';
import { type Scenario, SCENARIOS, type Turn, warmUpWrite } from './scenarios.js';
import { drive } from './stats.js';

/**
 * The warm-up `bench:profile` and `bench:compare` give their servers, as the benchmark does: every tenant's
 * relationships list read, then the write path run three times per tenant on writes that can repeat. Turn i goes to
 * `urls[i % urls.length]`, so each server gets the same turns in the same order. Then it waits as long as the
 * benchmark does: the checkpoint the warm-up's writes start (2 s later at the latest) must not land in the measured
 * turns, where it showed as file writes in a read's profile.
 */
export async function warmUp(urls: readonly string[], channelUrl: string, tenants: number, turns: { read: Turn; write: Turn } = { read: SCENARIOS[2]!.turn, write: warmUpWrite }): Promise<void> {
  const servers = urls.length;
  await drive(tenants * servers, 4, (i) => post(urls[i % servers]!, turns.read(channelUrl, Math.floor(i / servers), 0)));
  await drive(tenants * 3 * servers, 1, (i) => {
    const turn = Math.floor(i / servers);
    return post(urls[i % servers]!, turns.write(channelUrl, turn % tenants, Math.floor(turn / tenants)));
  });
  await new Promise((resolve) => setTimeout(resolve, 3_500));
}

/** The turns a run over `tenants` tenants measures: each tenant's writes of the scenario once, or five reads each. */
export function measuredTurns(scenario: Scenario, tenants: number): number {
  return tenants * (scenario.kind === 'write' ? (scenario.perTenant ?? INVITATIONS_PER_TENANT) : 5);
}
