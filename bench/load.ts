import { execSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChannelServiceStandIn } from '../test/support/channelServiceStandIn.js';
import { actionActivity, messageActivity } from '../test/support/teamsActivities.js';
import { adminOf, invitationIdOf, relationshipPartnersOf, tenantIdOf } from './lib/generateStore.js';
import { generateStore } from './lib/generateStore.js';
import { startBuiltBot } from './lib/serverProcess.js';
import { percentile } from './lib/stats.js';

/**
 * npm run load: 50 conversations at once (one admin of each of 50 tenants) send a mix of reads and writes to the
 * real server for 60 s. Prints requests, errors, p50/p99 and the server's memory at the start and the end.
 */
const CONVERSATIONS = Number(process.env['LOAD_CONVERSATIONS'] ?? 50);
const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 60);

interface Conversation {
  tenant: number;
  mpsaVisible: boolean;
  invitationsLeft: number;
  rolesLeft: number;
}

type Step = { name: string; activity: unknown; isWrite: boolean };

function nextStep(c: Conversation, serviceUrl: string, n: number): Step {
  const actor = { objectId: adminOf(c.tenant), tenantId: tenantIdOf(c.tenant), displayName: `Admin ${c.tenant}` };
  const place = { kind: 'personal' } as const;
  const roll = n % 10;
  if (roll === 7 && c.invitationsLeft > 0) {
    const k = 5 - c.invitationsLeft--;
    return { name: 'accept invitation', isWrite: true, activity: actionActivity(actor, 'acceptInvitation', { invitationId: invitationIdOf(c.tenant, k), agreementAcknowledged: 'true' }, place, serviceUrl) };
  }
  if (roll === 8 && c.rolesLeft > 1) {
    const k = 5 - c.rolesLeft--;
    return { name: 'remove roles', isWrite: true, activity: actionActivity(actor, 'removeRoles', { partnerId: relationshipPartnersOf(c.tenant)[k] }, place, serviceUrl) };
  }
  if (roll >= 7) {
    c.mpsaVisible = !c.mpsaVisible;
    return { name: 'MPSA visibility', isWrite: true, activity: actionActivity(actor, 'setMpsaVisibility', { partnerId: relationshipPartnersOf(c.tenant)[0], mpsaPurchasesVisible: String(c.mpsaVisible) }, place, serviceUrl) };
  }
  const reads: [string, unknown][] = [
    ['help', messageActivity(actor, 'help', place, serviceUrl)],
    ['helpdesk question', messageActivity(actor, 'which partners have admin roles?', place, serviceUrl)],
    ['partners', actionActivity(actor, 'showPartners', {}, place, serviceUrl)],
    ['partner details', actionActivity(actor, 'showPartner', { partnerId: relationshipPartnersOf(c.tenant)[n % 5] }, place, serviceUrl)],
    ['pending invitations', actionActivity(actor, 'showPending', {}, place, serviceUrl)],
    ['history', messageActivity(actor, 'history', place, serviceUrl)],
    ['what changed', messageActivity(actor, 'what changed this week?', place, serviceUrl)],
  ];
  const [name, activity] = reads[roll % reads.length]!;
  return { name, activity, isWrite: false };
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'partner-desk-load-'));
  const channel = await new ChannelServiceStandIn().start();
  try {
    await generateStore(dir, CONVERSATIONS, { serviceUrl: channel.url });
    execSync('npm run build', { stdio: 'ignore' });
    const server = await startBuiltBot({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: dir, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn' }, { extraFlags: ['--expose-gc'] });
    const conversations: Conversation[] = Array.from({ length: CONVERSATIONS }, (_, tenant) => ({ tenant, mpsaVisible: false, invitationsLeft: 5, rolesLeft: 5 }));
    // Warm-up, so start-of-run memory includes what any serving process holds (code, caches, JIT).
    await Promise.all(conversations.map(async (c) => {
      for (let n = 0; n < 7; n++) await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(nextStep({ ...c }, channel.url, n).activity) });
    }));
    const memoryStart = await server.memory();
    const rssStart = server.rssMb();
    const latencies: number[] = [];
    const errors: string[] = [];
    let writes = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const rssSamples: string[] = [];
    const sampler = setInterval(() => rssSamples.push(server.rssMb().toFixed(0)), 5_000);
    process.stdout.write(`Load: ${CONVERSATIONS} conversations for ${SECONDS} s against ${server.url} (RSS at start ${rssStart.toFixed(0)} MB)\n`);
    await Promise.all(conversations.map(async (c) => {
      for (let n = c.tenant; performance.now() < deadline; n++) {
        const step = nextStep(c, channel.url, n);
        const t0 = performance.now();
        try {
          const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(step.activity) });
          const body = await response.text();
          if (response.status !== 200) errors.push(`${step.name}: HTTP ${response.status}`);
          else if (body.includes('went wrong') || body.includes('Nothing was changed')) errors.push(`${step.name}: ${body.slice(0, 200)}`);
        } catch (error) {
          errors.push(`${step.name}: ${(error as Error).message}`);
        }
        latencies.push(performance.now() - t0);
        if (step.isWrite) writes += 1;
      }
    }));
    clearInterval(sampler);
    const rssEnd = server.rssMb();
    const memoryEnd = await server.memory();
    const peak = server.peakRssMb();
    const code = await server.stop();
    const lines = [
      `requests: ${latencies.length} (${writes} writes) in ${SECONDS} s = ${(latencies.length / SECONDS).toFixed(0)}/s`,
      `errors: ${errors.length}${errors.length ? ` (first: ${errors.slice(0, 3).join(' | ')})` : ''}`,
      `latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
      `memory: RSS ${rssStart.toFixed(0)} MB at start, ${rssEnd.toFixed(0)} MB at end, peak ${peak.toFixed(0)} MB; every 5 s: ${rssSamples.join(', ')} MB`,
      `heap after full GC: ${memoryStart.heapUsed} MB at start, ${memoryEnd.heapUsed} MB at end (RSS after GC ${memoryStart.rss} → ${memoryEnd.rss} MB; V8 heap reserved ${memoryStart.heapTotal} → ${memoryEnd.heapTotal} MB, external ${memoryStart.external} → ${memoryEnd.external} MB)`,
      `channel service: ${channel.calls.length} replies received`,
      `server stopped with exit code ${code} (graceful SIGTERM)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (errors.length > 0 || code !== 0) process.exitCode = 1;
  } finally {
    await channel.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
