import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminOf, generateStore, invitationIdOf, INVITATIONS_PER_TENANT, relationshipPartnersOf, tenantIdOf } from '../../bench/lib/generateStore.js';
import type { Actor } from '../../domain/deps.js';
import type { Partner, TenantState } from '../../domain/model.js';
import { checkStore } from '../../storage/checkStore.js';
import { partnersIn } from '../../storage/jsonTenantStore.js';
import { cardText } from '../support/botHarness.js';
import { ChannelServiceStandIn } from '../support/channelServiceStandIn.js';
import { personalConversationId } from '../support/teamsActivities.js';
import { type ChildBot, killLeftoverBots, press, REPO_ROOT, startBot, tenantOnDisk } from './support/childBot.js';

/**
 * Crash safety of the store, proven on the real server: `node --import tsx bot/index.ts` in a child process, a stream
 * of concurrent writes (accept invitation, contact partners, MPSA visibility, partner invitations) over a generated
 * store whose partners have registered channels (so notifications are delivered and settled meanwhile), `kill -9` at
 * a random moment, and a restart on the same folder. After every kill, on disk:
 *
 *  - every file loads and validates (`npm run store:check`'s checkStore finds no problem: nothing torn, the indexes
 *    list what the tenant files need);
 *  - every write acknowledged before the kill (HTTP 200 with its success card) is there, with its audit event and
 *    its notification (still in the outbox, or already delivered to the channel service stand-in);
 *  - every write that was sent but not acknowledged is either there completely or not at all.
 *
 * The seed is printed; CRASH_SEED=<n> replays a run's choices (the kill moments still depend on timing).
 */

const TENANTS = 30;
const ROUNDS = 6;
const CONCURRENCY = 12;
const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);

/** mulberry32: small, seeded, good enough to pick work and kill moments. */
function rng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Write =
  | { kind: 'accept'; tenant: number; invitationId: string; partnerId: string }
  | { kind: 'contact'; tenant: number; requestId: string; partnerIds: string[] }
  | { kind: 'mpsa'; tenant: number; partnerId: string; version: number; visible: boolean }
  | { kind: 'invite'; tenant: number; partnerId: string };

interface Sent {
  write: Write;
  round: number;
  outcome: 'acknowledged' | 'refused' | 'unacknowledged';
  detail?: string;
}

type Presence = 'complete' | 'absent' | 'partial';

const SUCCESS: Record<Write['kind'], RegExp> = {
  accept: /is now authorized/,
  contact: /Request sent/,
  mpsa: /Saved: this MPSA partner can/,
  invite: /Invitation sent to/,
};

describe('Crash safety: kill -9 the real server in the middle of writes, restart it on the same store', function () {
  this.timeout(90_000);

  let root: string;
  let storeDir: string;
  let channel: ChannelServiceStandIn;
  let bot: ChildBot | undefined;
  let partners: Partner[];
  /** Partner id → the channel its notifications go to (registered in the generated store). */
  const partnerChannel = new Map<string, string>();

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'partner-desk-crash-'));
    storeDir = path.join(root, 'store');
    channel = await new ChannelServiceStandIn().start();
    await generateStore(storeDir, TENANTS, { serviceUrl: channel.url });
    partners = (JSON.parse(await readFile(path.join(storeDir, 'directory.json'), 'utf-8')) as { partners: Partner[] }).partners;
    for (const partner of partners) {
      const registration = (await tenantOnDisk(storeDir, partner.tenantId))?.partnerChannels[partner.id];
      if (registration) partnerChannel.set(partner.id, registration.conversationId);
    }
  });

  after(async () => {
    await killLeftoverBots();
    await channel.stop();
    await rm(root, { recursive: true, force: true });
  });

  const admin = (i: number): Actor => ({ tenantId: tenantIdOf(i), objectId: adminOf(i), displayName: `Admin ${i}` });
  const staff = (partnerId: string): Actor => ({ tenantId: partners.find((p) => p.id === partnerId)!.tenantId, objectId: `staff-of-${partnerId}`, displayName: `Staff of ${partnerId}` });

  /** Flattened text of every card the stand-in received in a conversation. */
  const delivered = (conversationId: string | undefined) => (conversationId ? channel.cardsTo(conversationId).map((card) => cardText(card)) : []);
  const deliveredJson = (conversationId: string) => channel.cardsTo(conversationId).map((card) => JSON.stringify(card));

  async function send(url: string, write: Write): Promise<{ outcome: Sent['outcome']; detail?: string }> {
    let answer;
    try {
      switch (write.kind) {
        case 'accept':
          answer = await press(url, channel.url, admin(write.tenant), 'acceptInvitation', { invitationId: write.invitationId, version: 1, agreementAcknowledged: true });
          break;
        case 'contact':
          answer = await press(url, channel.url, admin(write.tenant), 'contactPartners', { partnerIds: write.partnerIds.join(','), requestId: write.requestId, businessNeeds: `Crash test ${write.requestId}: please get in touch.` });
          break;
        case 'mpsa':
          answer = await press(url, channel.url, admin(write.tenant), 'setMpsaVisibility', { partnerId: write.partnerId, version: write.version, mpsaPurchasesVisible: write.visible });
          break;
        case 'invite':
          answer = await press(url, channel.url, staff(write.partnerId), 'createInvitation', { partnerId: write.partnerId, customerTenantId: tenantIdOf(write.tenant), types: 'advisor' });
          break;
      }
    } catch (error) {
      return { outcome: 'unacknowledged', detail: (error as Error).message };
    }
    if (answer.result.status === 200 && SUCCESS[write.kind].test(answer.text)) return { outcome: 'acknowledged' };
    return { outcome: 'refused', detail: `${answer.result.status} ${answer.text.slice(0, 300)}` };
  }

  /** Whether a write is on disk completely (change, audit event, notification), not at all, or only in part. */
  function presence(write: Write, state: TenantState): Presence {
    const parts: boolean[] = [];
    switch (write.kind) {
      case 'accept': {
        const invitation = state.invitations.find((i) => i.id === write.invitationId);
        parts.push(invitation?.status === 'accepted');
        parts.push(state.relationships.some((r) => r.partnerId === write.partnerId && r.status === 'active'));
        parts.push(state.audit.some((a) => a.action === 'invitation.accepted' && a.subject === write.invitationId));
        parts.push(state.outbox.some((n) => n.event === 'invitationAccepted' && n.data['invitationId'] === write.invitationId)
          || delivered(partnerChannel.get(write.partnerId)).some((text) => text.includes(`${state.tenant.displayName} accepted your invitation`)));
        break;
      }
      case 'contact': {
        parts.push(state.contactRequests.some((r) => r.id === write.requestId));
        for (const partnerId of write.partnerIds) {
          parts.push(state.audit.some((a) => a.action === 'partners.contacted' && a.subject === write.requestId && a.partnerId === partnerId));
          parts.push(state.outbox.some((n) => n.event === 'contactRequest' && n.data['requestId'] === write.requestId && n.partnerId === partnerId)
            || delivered(partnerChannel.get(partnerId)).some((text) => text.includes(`Crash test ${write.requestId}:`)));
        }
        break;
      }
      case 'mpsa': {
        const relationship = state.relationships.find((r) => r.partnerId === write.partnerId);
        const audit = state.audit.find((a) => a.action === 'mpsa.visibilityChanged' && a.partnerId === write.partnerId && (a.after as { version?: number } | null)?.version === write.version + 1);
        parts.push((relationship?.version ?? 0) >= write.version + 1);
        parts.push(audit !== undefined && (audit.after as { mpsaPurchasesVisible?: boolean }).mpsaPurchasesVisible === write.visible);
        break;
      }
      case 'invite': {
        const invitation = state.invitations.find((i) => i.partnerId === write.partnerId);
        parts.push(invitation !== undefined);
        parts.push(state.audit.some((a) => a.action === 'invitation.created' && a.partnerId === write.partnerId && (invitation === undefined || a.subject === invitation.id)));
        const chat = personalConversationId(admin(write.tenant));
        parts.push(state.outbox.some((n) => n.event === 'invitationReceived' && n.partnerId === write.partnerId)
          || (invitation !== undefined && deliveredJson(chat).some((json) => json.includes(invitation.id))));
        break;
      }
    }
    return parts.every(Boolean) ? 'complete' : parts.some(Boolean) ? 'partial' : 'absent';
  }

  /** Every customer tenant as it is on disk; fails if any file does not parse and validate. */
  async function customersOnDisk(): Promise<TenantState[]> {
    const states: TenantState[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const state = await tenantOnDisk(storeDir, tenantIdOf(i));
      assert.ok(state, `tenant file of customer ${i} exists`);
      states.push(state);
    }
    return states;
  }

  /** The MPSA history of each tenant is whole: one audit event per version, the last one describing the current state. */
  function assertMpsaHistoryWhole(state: TenantState, i: number): void {
    const partnerId = relationshipPartnersOf(i)[0]!;
    const relationship = state.relationships.find((r) => r.partnerId === partnerId)!;
    const audits = state.audit.filter((a) => a.action === 'mpsa.visibilityChanged' && a.partnerId === partnerId).map((a) => a.after as { version: number; mpsaPurchasesVisible: boolean });
    assert.deepEqual(audits.map((a) => a.version), Array.from({ length: relationship.version - 1 }, (_, k) => k + 2), `customer ${i}: one MPSA audit event per version`);
    assert.equal(audits.at(-1)?.mpsaPurchasesVisible ?? false, relationship.mpsaPurchasesVisible, `customer ${i}: the last MPSA audit event matches the stored setting`);
  }

  /** The writes of one round, chosen from what is on disk now so none of them can be refused. */
  function planRound(round: number, states: TenantState[], random: () => number): { writes: Write[]; chains: Write[][] } {
    const writes: Write[] = [];
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
    const pending = states.flatMap((state, i) => Array.from({ length: INVITATIONS_PER_TENANT }, (_, k) => state.invitations.find((inv) => inv.id === invitationIdOf(i, k)))
      .filter((inv) => inv?.status === 'pending').map((inv) => ({ kind: 'accept' as const, tenant: i, invitationId: inv!.id, partnerId: inv!.partnerId })));
    for (const write of pending.sort(() => random() - 0.5).slice(0, 30)) writes.push(write);
    for (let n = 0; n < 40; n++) {
      const partnerIds = [...new Set([pick(partners).id, pick(partners).id])];
      writes.push({ kind: 'contact', tenant: Math.floor(random() * TENANTS), requestId: `crash-${seed}-${round}-${n}`, partnerIds });
    }
    const invited = new Set<string>();
    for (let n = 0; n < 30; n++) {
      const i = Math.floor(random() * TENANTS);
      const partnerId = pick(partners).id;
      if (partnersIn(states[i]!).has(partnerId) || invited.has(`${i}/${partnerId}`)) continue;
      invited.add(`${i}/${partnerId}`);
      writes.push({ kind: 'invite', tenant: i, partnerId });
    }
    // MPSA visibility is flipped in a chain per tenant: each step names the version the previous one produced.
    const chains: Write[][] = [];
    for (const i of Array.from({ length: TENANTS }, (_, k) => k).sort(() => random() - 0.5).slice(0, 10)) {
      const partnerId = relationshipPartnersOf(i)[0]!;
      const relationship = states[i]!.relationships.find((r) => r.partnerId === partnerId)!;
      chains.push(Array.from({ length: 6 }, (_, k) => ({ kind: 'mpsa' as const, tenant: i, partnerId, version: relationship.version + k, visible: (k % 2 === 0) !== relationship.mpsaPurchasesVisible })));
    }
    return { writes: writes.sort(() => random() - 0.5), chains };
  }

  /**
   * Sends the round's writes CONCURRENCY at a time until the server is killed; MPSA chains advance on acknowledgement.
   * The kill comes a random time after a random number of acknowledgements (so a slow machine still gets work done
   * before it), or after 10 s at the latest.
   */
  async function runRound(url: string, round: number, plan: { writes: Write[]; chains: Write[][] }, kill: { afterAcks: number; delayMs: number }, sent: Sent[]): Promise<void> {
    const queue: (Write | Write[])[] = [...plan.writes];
    plan.chains.forEach((chain, n) => queue.splice(Math.floor((n * queue.length) / plan.chains.length), 0, chain));
    let killed = false;
    let armed = false;
    let acks = 0;
    let resolveKilled: () => void = () => undefined;
    const killing = new Promise<void>((resolve) => { resolveKilled = resolve; });
    const arm = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => {
        killed = true;
        void bot!.stop('SIGKILL').then(() => resolveKilled());
      }, kill.delayMs);
    };
    const deadline = setTimeout(arm, 10_000);
    if (kill.afterAcks === 0) arm();
    const worker = async () => {
      while (!killed && queue.length > 0) {
        const next = queue.shift()!;
        for (const write of Array.isArray(next) ? next : [next]) {
          if (killed) break;
          const { outcome, detail } = await send(url, write);
          sent.push({ write, round, outcome, ...(detail ? { detail } : {}) });
          if (outcome === 'acknowledged' && ++acks >= kill.afterAcks) arm();
          if (outcome !== 'acknowledged') break; // a chain stops at its first unacknowledged step
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    arm(); // the queue ran dry before the kill: kill now
    await killing;
    clearTimeout(deadline);
  }

  it('keeps every acknowledged write with its audit event and notification, tears nothing, applies the rest all or nothing', async () => {
    const started = Date.now();
    const random = rng(seed);
    const sent: Sent[] = [];
    const unacknowledgedFound = { complete: 0, absent: 0 };

    // Every admin talks to the bot once, so invitations sent to them have a chat to be delivered to.
    bot = await startBot(storeDir, { OUTBOX_INTERVAL_MS: '100' });
    for (let i = 0; i < TENANTS; i++) assert.equal((await press(bot.url, channel.url, admin(i), 'showPartners', {})).result.status, 200);
    assert.equal((await bot.stop('SIGTERM')).code, 0);

    const kills: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const plan = planRound(round, await customersOnDisk(), random);
      const kill = { afterAcks: 10 + Math.floor(random() * 50), delayMs: Math.floor(random() * 700) };
      kills.push(`${kill.afterAcks} acks + ${kill.delayMs} ms`);
      bot = await startBot(storeDir, { OUTBOX_INTERVAL_MS: '100' }); // the restart: the store left by the last kill loads
      await runRound(bot.url, round, plan, kill, sent);
      assert.equal((await bot.exited).signal, 'SIGKILL');

      const check = await checkStore(storeDir);
      assert.deepEqual(check.problems, [], `round ${round}: store:check finds nothing wrong after kill -9`);
      const states = await customersOnDisk();
      states.forEach((state, i) => assertMpsaHistoryWhole(state, i));
      const refused = sent.filter((s) => s.outcome === 'refused');
      assert.deepEqual(refused.map((s) => `${s.write.kind}: ${s.detail}`), [], 'the workload is chosen so that nothing is refused');
      for (const s of sent.filter((x) => x.outcome === 'acknowledged')) {
        assert.equal(presence(s.write, states[s.write.tenant]!), 'complete', `round ${round}: acknowledged ${JSON.stringify(s.write)} (round ${s.round}) is on disk with its audit event and notification`);
      }
      for (const s of sent.filter((x) => x.round === round && x.outcome === 'unacknowledged')) {
        const found = presence(s.write, states[s.write.tenant]!);
        assert.notEqual(found, 'partial', `round ${round}: unacknowledged ${JSON.stringify(s.write)} is all or nothing`);
        unacknowledgedFound[found === 'complete' ? 'complete' : 'absent'] += 1;
      }
    }

    // A last restart: the store loads, the server serves, and a graceful stop leaves a store the CLI check accepts.
    bot = await startBot(storeDir, { OUTBOX_INTERVAL_MS: '100' });
    assert.equal((await press(bot.url, channel.url, admin(0), 'showPartners', {})).result.status, 200);
    assert.equal((await bot.stop('SIGTERM')).code, 0);
    const states = await customersOnDisk();
    const acknowledged = sent.filter((s) => s.outcome === 'acknowledged');
    const found = acknowledged.filter((s) => presence(s.write, states[s.write.tenant]!) === 'complete').length;
    assert.equal(found, acknowledged.length);
    const cli = await runStoreCheckCli(storeDir);
    assert.equal(cli.code, 0, cli.output);
    assert.match(cli.output, new RegExp(`checked \\d+ tenant files, 0 problems`));

    const byKind = (kind: Write['kind']) => acknowledged.filter((s) => s.write.kind === kind).length;
    console.log(`      crash safety (seed ${seed}): ${ROUNDS} kill -9 rounds (killed after ${kills.join('; ')}); writes sent ${sent.length}, acknowledged ${acknowledged.length} `
      + `(accept ${byKind('accept')}, contact ${byKind('contact')}, mpsa ${byKind('mpsa')}, invite ${byKind('invite')}), `
      + `acknowledged found after restart ${found}/${acknowledged.length}; unacknowledged ${unacknowledgedFound.complete + unacknowledgedFound.absent} `
      + `(${unacknowledgedFound.complete} complete, ${unacknowledgedFound.absent} absent, 0 partial); notifications delivered ${channel.calls.filter((c) => c.replyToId === undefined).length}; ${Date.now() - started} ms`);
    assert.ok(acknowledged.length >= 60, `enough writes were acknowledged to mean something (${acknowledged.length})`);
  });
});

/** `npm run store:check -- <dir>`, as an operator runs it. */
function runStoreCheckCli(dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'storage', 'checkStore.ts'), dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf-8'); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf-8'); });
    child.once('exit', (code) => resolve({ code, output }));
  });
}
