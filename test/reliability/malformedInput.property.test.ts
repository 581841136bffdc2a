import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import fc from 'fast-check';
import { VERBS } from '../../bot/actionRouter.js';
import { emptyTenant } from '../../domain/model.js';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, type PostResult } from '../support/botHarness.js';
import { cardRuleProblems, cardSchemaErrors } from '../support/cardChecks.js';
import { businessState } from '../support/storedState.js';
import { type Activity, actionActivity, conversationUpdateActivity, installActivity, messageActivity, type Place } from '../support/teamsActivities.js';
import { ACTORS, type ActorName } from '../support/testWorld.js';
import { businessOfSeeded, NORTHWIND, SEEDED_TENANTS, TAILSPIN } from './support/storeSnapshots.js';
import { VERB_SAMPLES } from './support/verbSamples.js';

/**
 * Property-based robustness of POST /api/messages: thousands of generated payloads, most of them real Teams
 * activities (from the emulator fixtures) with some fields replaced by arbitrary JSON (wrong types, 100 KB+
 * strings, deep nesting, "__proto__" / "constructor" keys) or removed, plus bodies that are not JSON at all.
 *
 * Properties, checked after every payload:
 *  - the server never answers 5xx, and GET /healthz still answers 200 (the process is up and serving);
 *  - no tenant's business state changes: invitations, relationships, contact requests, partner channels, audit,
 *    outbox, users. Remembered conversations are not business state: any activity whose identity is well formed is
 *    remembered in its own tenant's file (that is how notifications find admins), and a tenant id nobody stored
 *    yet gets a new file holding only that conversation. Such a file must have an empty business state.
 *    (The payloads are built so that no valid request could change anything: writes are only ever sent by people
 *    who hold no writer role, and the identities the generators may produce are never a writer's.)
 *  - an Action.Execute invoke answered 200 carries an Adaptive Card 1.5 (never botbuilder's error, never our
 *    "something went wrong" card); a message answered 200 got a clear reply (text or card) in its conversation,
 *    never the turn-error apology.
 *
 * One server for the whole run. fast-check prints the seed and the shrunk counterexample on failure; set FC_SEED
 * to replay a run (FC_RUNS_SCALE multiplies the number of runs).
 */

const SEED = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : Math.floor(Math.random() * 2 ** 31);
/** FC_RUNS_SCALE=10 runs ten times as many payloads, for a longer hunt than the suite's. */
const SCALE = Number(process.env['FC_RUNS_SCALE'] ?? 1) || 1;
const RUNS = { bodies: 600 * SCALE, messages: 900 * SCALE, invokes: 1300 * SCALE, otherActivities: 600 * SCALE };
/** Generous: a payload takes a few milliseconds; the limit catches work that grows with the input (it once took 14 s). */
const MAX_MS_PER_PAYLOAD = 2_000;

// ---- Generated JSON ------------------------------------------------------------------------------------------

/** Keys that reach prototypes when code assigns them naively. */
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const FIELD_KEYS = ['tenantId', 'objectId', 'aadObjectId', 'invitationId', 'partnerId', 'customerTenantId', 'version', 'verb', 'type', 'id', 'data', 'action',
  'requestId', 'partnerIds', 'businessNeeds', 'selectedPartners', 'agreementAcknowledged', 'mpsaPurchasesVisible', 'message', 'keywords', 'types', 'roles'];

/**
 * Strings that mean something to the bot. No writer's object id and no partner tenant id is among them: the
 * generators must never turn a request into a permitted change (see above).
 */
const INTERESTING = ['', ' ', 'help', 'pending invitations', 'partners', 'show contoso', 'my customers', 'register channel', 'invite', '../../etc/passwd', '<at>Fixture Bot</at>',
  'http://evil.example/', 'https://', '${verb}', '{{x}}', 'null', 'undefined', 'true', 'false', '1', '-1', '0', '1e309', '0x10', 'NaN', '\u202e', '\ud800', '😀',
  'Action.Execute', 'Action.Submit', 'adaptiveCard/action', 'message', 'invoke', 'personal', 'channel', 'groupChat', 'msteams', 'expectReplies', 'add', 'remove',
  NORTHWIND, TAILSPIN, NORTHWIND.toUpperCase(), DEMO.northwind.users.plainUser.objectId, DEMO.northwind.users.helpdeskAdmin.objectId,
  DEMO.invitations.adatumDap, DEMO.invitations.litwareReseller, 'contoso', 'fabrikam', 'woodgrove', 'adatum', 'Global Administrator', 'resellerAndDelegatedAdministrator',
  ...PROTO_KEYS, ...VERBS.slice(0, 5)];

/** Sets an own property, even one named "__proto__", so JSON.stringify sends it as a plain key. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) defineOwn(object, key, value);
  return object;
}

const key = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) }, { weight: 2, arbitrary: fc.constantFrom(...FIELD_KEYS) });

/** 100 KB to 200 KB of one character, JSON-escaped size counted, so the body stays under the 256 KB limit. */
const huge = fc.tuple(fc.integer({ min: 100_000, max: 200_000 }), fc.constantFrom('x', 'é', '<at>', '<', '<a', '\u0000', '𝒳', ' ', '${x}', '\\', '"', '] ('))
  .map(([bytes, unit]) => unit.repeat(Math.floor(bytes / (Buffer.byteLength(JSON.stringify(unit)) - 2))));

/** An array or object nested 50 to 3,000 levels deep. */
const deep = fc.tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean(), fc.constantFrom(...PROTO_KEYS, 'a')).map(([depth, arrays, k]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : objectOf([[k, value]]);
  return value;
});

const leaf = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.uuid() },
);

const { tree } = fc.letrec<{ tree: unknown; list: unknown[]; record: Record<string, unknown> }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('record')),
  list: fc.array(tie('tree'), { maxLength: 4 }),
  record: fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map(objectOf),
}));

/** Any JSON value, now and then a huge string or a deep nesting. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof({ weight: 12, arbitrary: tree }, { weight: 1, arbitrary: huge }, { weight: 1, arbitrary: deep });

// ---- Mutating real activities --------------------------------------------------------------------------------

type Path = string[];
type Mutation = { set: Path; value: unknown } | { remove: Path };

const COMMON_PATHS: Path[] = [
  ['type'], ['id'], ['from'], ['from', 'id'], ['from', 'aadObjectId'], ['from', 'name'], ['conversation'], ['conversation', 'id'], ['conversation', 'tenantId'],
  ['conversation', 'conversationType'], ['conversation', 'isGroup'], ['recipient'], ['recipient', 'id'], ['channelData'], ['channelData', 'tenant'], ['channelData', 'tenant', 'id'],
  ['channelData', 'team'], ['channelData', 'team', 'name'], ['channelData', 'channel'], ['channelData', 'channel', 'name'], ['channelId'], ['locale'], ['timestamp'],
  ['entities'], ['entities', '0'], ['entities', '0', 'mentioned'], ['replyToId'], ['deliveryMode'], ['text'], ['name'], ['value'], ['action'], ['membersAdded'], ['membersRemoved'],
  ['__proto__'], ['__proto__', 'polluted'], ['constructor'], ['constructor', 'prototype'], ['from', '__proto__'], ['conversation', 'constructor'], ['channelData', '__proto__', 'tenant'],
];
const INVOKE_PATHS: Path[] = [
  ['value', 'action'], ['value', 'action', 'type'], ['value', 'action', 'verb'], ['value', 'action', 'data'], ['value', 'action', 'title'], ['value', 'trigger'],
  ['value', '__proto__'], ['value', 'action', '__proto__'], ['value', 'action', 'data', '__proto__'], ['value', 'action', 'data', 'constructor'],
  ...FIELD_KEYS.map((field) => ['value', 'action', 'data', field]),
];

/**
 * A path to change: a field every activity has, one the kind of activity under test has (changed more often: most
 * changes to the envelope are refused with 400 before the bot sees them), or a few arbitrary keys below either.
 */
function pathArb(extra: Path[]): fc.Arbitrary<Path> {
  const known = [...COMMON_PATHS, ...extra];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...COMMON_PATHS) },
    { weight: extra.length > 0 ? 5 : 0, arbitrary: fc.constantFrom<Path>(...(extra.length > 0 ? extra : [['id']])) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...known), fc.array(key, { minLength: 1, maxLength: 3 })).map(([base, rest]) => [...base, ...rest]) },
  );
}

function mutationArb(extra: Path[], values: fc.Arbitrary<unknown> = anyJson): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ set: pathArb(extra), value: values }) },
    { weight: 1, arbitrary: fc.record({ remove: pathArb(extra) }) },
  );
}

/**
 * The caller's tenant replaced consistently (conversation and channel data agree), with a tenant nobody stored yet or
 * one of the two customers. A new tenant gets a file holding just the remembered conversation.
 */
const tenantSwap: fc.Arbitrary<Mutation[]> = fc.oneof(fc.uuid(), fc.constantFrom(NORTHWIND, TAILSPIN, NORTHWIND.toUpperCase())).map((tenantId) => [
  { set: ['conversation', 'tenantId'], value: tenantId },
  { set: ['channelData', 'tenant', 'id'], value: tenantId },
]);

const MESSAGE_PATHS: Path[] = [['text'], ['text'], ['textFormat'], ['entities', '0', 'text'], ['entities', '1'], ['attachments'], ['value'], ['channelData', 'eventType']];

/** Applies mutations to a copy; the service URL is kept, so the bot's replies reach the stand-in, unless removed or made a non-URL. */
function mutate(base: Activity, mutations: Mutation[]): unknown {
  const activity = structuredClone(base) as Record<string, unknown>;
  for (const mutation of mutations) {
    const path = 'set' in mutation ? mutation.set : mutation.remove;
    let node: Record<string, unknown> = activity;
    for (const step of path.slice(0, -1)) {
      const next = Object.hasOwn(node, step) ? node[step] : undefined;
      if (!next || typeof next !== 'object') defineOwn(node, step, {});
      node = node[step] as Record<string, unknown>;
    }
    const last = path.at(-1)!;
    if ('set' in mutation) defineOwn(node, last, mutation.value);
    else if (Object.hasOwn(node, last)) delete node[last];
  }
  return activity;
}

/** null most of the time, a value once in `oneIn` draws. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

/** The service URL may be broken (not a URL, wrong type) but never pointed at another host: replies must reach the stand-in. */
const serviceUrlMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ remove: fc.constant<Path>(['serviceUrl']) }),
  fc.record({
    set: fc.constant<Path>(['serviceUrl']),
    value: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.string({ maxLength: 30 }).filter((s) => !/^https?:\/\//i.test(s)), huge,
      fc.constantFrom('http://', 'https://', 'http:// x', 'https://a b/', 'http://[::1/', 'http://%/', 'http://x:99999/')),
  }),
);

// ---- The run -------------------------------------------------------------------------------------------------

const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];
/** Nobody here may change anything, whatever the card says. */
const NON_WRITERS: ActorName[] = ['helpdeskAdmin', 'globalReader', 'plainUser'];
/** Verbs that only show things: any caller may send them. */
const READ_VERBS = ['showHelp', 'showHistory', 'showPending', 'showInvitation', 'showPartners', 'showPartner', 'confirmRemoveRoles', 'confirmEndRelationship', 'showFindPartner',
  'searchPartners', 'startContact', 'showRegisterChannel', 'showInviteForm', 'showMyCustomers', 'confirmEndAsPartner'];
const placeFor = (channel: boolean, name: string): Place => (channel ? { kind: 'channel', channelId: `19:${name}-fuzz@thread.tacv2`, teamName: 'Fuzz team', channelName: 'General' } : { kind: 'personal' });

const APOLOGY = /Partner Desk hit a problem answering that|Something went wrong on our side|The bot encountered an error/;

describe('Malformed input, property-based, through POST /api/messages', function () {
  this.timeout(120_000 * SCALE);
  let bot: BotHarness;
  let initialBusiness: string;
  const emptyBusiness = (id: string) => JSON.stringify(businessState(emptyTenant(id)));
  const tally = { payloads: 0, byStatus: new Map<number, number>(), newTenantFiles: 0, slowest: 0, property: '', handled: new Map<string, [number, number]>() };
  const problems: unknown[] = [];
  const onProblem = (error: unknown) => { problems.push(error); };
  let started = Date.now();

  before(async () => {
    started = Date.now();
    process.on('unhandledRejection', onProblem);
    process.on('uncaughtException', onProblem);
    bot = await BotHarness.start();
    initialBusiness = await businessOfSeeded(bot);
  });

  after(async () => {
    process.off('unhandledRejection', onProblem);
    process.off('uncaughtException', onProblem);
    await bot?.stop();
    const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const reached = [...tally.handled.entries()].map(([name, [handled, all]]) => `${name} ${handled}/${all}`).join(', ');
    if (tally.payloads > 0) {
      process.stdout.write(`\n  malformed input: ${tally.payloads} payloads (seed ${SEED}), answers ${statuses} (reached the bot: ${reached}); 0 5xx; /healthz 200 after each; business state unchanged; ${tally.newTenantFiles} conversation-only tenant files; slowest ${tally.slowest.toFixed(0)} ms; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  });

  /** Posts a body (object or raw text) and checks every property that holds for any payload. Returns the answer and the calls the bot made. */
  async function send(body: unknown, headers: Record<string, string> = {}): Promise<{ result: PostResult; replies: Record<string, unknown>[] }> {
    const callsBefore = bot.channel.calls.length;
    const startedAt = performance.now();
    const result = await bot.post(typeof body === 'string' ? body : JSON.stringify(body), headers);
    const elapsed = performance.now() - startedAt;
    tally.payloads += 1;
    tally.slowest = Math.max(tally.slowest, elapsed);
    // A request that holds the process for seconds stalls everyone else's (one event loop serves all tenants).
    assert.ok(elapsed < MAX_MS_PER_PAYLOAD, `answered after ${elapsed.toFixed(0)} ms`);
    tally.byStatus.set(result.status, (tally.byStatus.get(result.status) ?? 0) + 1);
    const [handled, all] = tally.handled.get(tally.property) ?? [0, 0];
    tally.handled.set(tally.property, [handled + (result.status === 200 ? 1 : 0), all + 1]);
    assert.ok(result.status < 500, `answered ${result.status}: ${String(JSON.stringify(result.body)).slice(0, 300)}`);

    const health = await fetch(`${bot.app.url}/healthz`);
    assert.equal(health.status, 200, 'the server still serves /healthz');
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    assert.deepEqual(problems, [], 'no unhandled error in the process');

    assert.equal(await businessOfSeeded(bot), initialBusiness, "no seeded tenant's business state changed");
    // Every change in its tenant file (journal folded in); names starting with a dot are temp files, never read.
    await bot.app.store.tenants.flush();
    const tenantFiles = (await readdir(bot.app.store.layout.tenantsDir)).filter((name) => !name.startsWith('.'));
    for (const file of tenantFiles) {
      const id = file.replace(/\.json$/, '');
      if (SEEDED_TENANTS.includes(id)) continue;
      assert.equal(JSON.stringify(businessState(await bot.app.store.tenants.read(id))), emptyBusiness(id), `new tenant file ${file} holds only conversations`);
    }
    tally.newTenantFiles = tenantFiles.length - SEEDED_TENANTS.length;
    return { result, replies: bot.channel.calls.slice(callsBefore).map((c) => c.activity) };
  }

  /** The checks that depend on what was sent: card answers for card actions, a clear reply for messages. */
  function checkAnswer(sent: unknown, result: PostResult, replies: Record<string, unknown>[]): void {
    if (result.status !== 200 || !sent || typeof sent !== 'object') return;
    const activity = sent as Record<string, unknown>;
    if (activity['type'] === 'invoke' && activity['name'] === 'adaptiveCard/action') {
      // A caller that asks for deliveryMode "expectReplies" gets the invoke response as an activity in the body.
      const replied = (result.body as { activities?: Array<{ type?: unknown; value?: { body?: unknown } }> } | undefined)?.activities;
      const body = (replied ? replied.find((a) => a.type === 'invokeResponse')?.value?.body : result.body) as { statusCode?: unknown; type?: unknown; value?: unknown };
      assert.equal(body?.statusCode, 200, `an Adaptive Card answer, not ${String(JSON.stringify(result.body)).slice(0, 200)}`);
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.deepEqual(cardSchemaErrors(body.value), [], 'a valid Adaptive Card');
      // Text the caller sent may be echoed ("no action "${verb}""): that is their text, not a template left unexpanded.
      const echoes = JSON.stringify(sent).includes('${');
      assert.deepEqual(cardRuleProblems(body.value).filter((p) => !(echoes && p.includes('unexpanded template expression'))), []);
      assert.doesNotMatch(JSON.stringify(body.value), APOLOGY, 'no handler failed');
    }
    if (activity['type'] === 'message') {
      const inBody = ((result.body as { activities?: Record<string, unknown>[] } | undefined)?.activities) ?? [];
      const answers = [...replies, ...inBody].filter((a) => (typeof a['text'] === 'string' && a['text'].trim() !== '') || (Array.isArray(a['attachments']) && a['attachments'].length > 0));
      assert.ok(answers.length > 0, 'the message got a text or card answer');
      for (const answer of answers) assert.doesNotMatch(JSON.stringify(answer), APOLOGY, 'no turn failed');
    }
  }

  it(`bodies that are not activities (${RUNS.bodies} runs): invalid JSON, JSON of any shape, cut-off and corrupted fixtures → 4xx, never 5xx`, async () => {
    tally.property = 'bodies';
    const fixture = JSON.stringify(messageActivity(ACTORS.globalAdmin, 'help', { kind: 'personal' }, bot.channel.url));
    // Corruption spares the service URL: one that still parses but points elsewhere is a channel fault (the
    // connector's own retries take ~10 s), not malformed input.
    const url = fixture.indexOf(bot.channel.url);
    const spared = (at: number) => at < url || at >= url + bot.channel.url.length;
    const raw = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.integer({ min: 1, max: fixture.length - 1 }).map((n) => fixture.slice(0, n)),
      fc.tuple(fc.integer({ min: 0, max: fixture.length - 1 }).filter(spared), fc.constantFrom('{', '}', '"', ',', ':', '\\', '\u0000', ']', 'x')).map(([at, c]) => fixture.slice(0, at) + c + fixture.slice(at + 1)),
      anyJson.map((v) => JSON.stringify(v) ?? 'null'),
      fc.constantFrom('', 'null', '[]', '{}', '"text"', '0', 'true', '{"type":"message"}', '{"__proto__":{"type":"message"}}', '{"constructor":{"prototype":{"polluted":1}}}'),
    );
    await fc.assert(fc.asyncProperty(raw, async (body) => {
      const { result } = await send(body);
      const parsed = (() => { try { return JSON.parse(body) as unknown; } catch { return undefined; } })();
      if (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        assert.ok(result.status >= 400, `not an activity, answered ${result.status}`);
      }
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype is untouched');
    }), { numRuns: RUNS.bodies, seed: SEED });
  });

  it(`messages from each kind of caller with fields replaced or removed (${RUNS.messages} runs) → a clear answer, never 5xx, nothing stored`, async () => {
    tally.property = 'messages';
    const base = fc.record({ actor: fc.constantFrom(...ACTOR_NAMES), channel: fc.boolean(), text: fc.oneof(fc.constantFrom('help', 'pending invitations', 'partners', 'show Contoso', 'find a partner', 'history', 'register channel', `invite ${TAILSPIN}`, 'my customers', 'is Fabrikam a reseller?', 'what changed this week?'), fc.string({ maxLength: 60 })) });
    const payload = fc.tuple(base, fc.array(mutationArb(MESSAGE_PATHS), { minLength: 1, maxLength: 4 }), sometimes(tenantSwap, 6), sometimes(serviceUrlMutation, 8));
    await fc.assert(fc.asyncProperty(payload, async ([{ actor, channel, text }, mutations, swap, urlMutation]) => {
      const activity = mutate(messageActivity(ACTORS[actor], text, placeFor(channel, actor), bot.channel.url), [...(swap ?? []), ...mutations, ...(urlMutation ? [urlMutation] : [])]);
      const { result, replies } = await send(activity);
      checkAnswer(activity, result, replies);
    }), { numRuns: RUNS.messages, seed: SEED + 1 });
  });

  it(`Action.Execute invokes with mutated actions, verbs and card data (${RUNS.invokes} runs) → an Adaptive Card, never 5xx, nothing stored`, async () => {
    tally.property = 'invokes';
    const bases = [
      ...NON_WRITERS.flatMap((actor) => VERBS.map((verb) => ({ actor, verb }))),
      ...(['globalAdmin', 'billingAdmin', 'partnerStaff', 'otherTenantAdmin'] as const).flatMap((actor) => READ_VERBS.map((verb) => ({ actor, verb }))),
    ];
    const verbValues = fc.oneof(anyJson, fc.constantFrom(...VERBS), fc.string({ maxLength: 120 }));
    const payload = fc.tuple(
      fc.constantFrom(...bases),
      fc.boolean(),
      fc.array(mutationArb(INVOKE_PATHS), { minLength: 1, maxLength: 4 }),
      sometimes(fc.record({ set: fc.constant<Path>(['value', 'action', 'verb']), value: verbValues }), 3),
      sometimes(tenantSwap, 8),
      sometimes(serviceUrlMutation, 10),
    );
    await fc.assert(fc.asyncProperty(payload, async ([{ actor, verb }, channel, mutations, verbMutation, swap, urlMutation]) => {
      // Another known verb is only ever swapped in for someone who may not change anything.
      const verbChange = verbMutation && (NON_WRITERS.includes(actor) || !VERBS.includes(verbMutation.value as string)) ? [verbMutation] : [];
      const activity = mutate(actionActivity(ACTORS[actor], verb, VERB_SAMPLES[verb]!, placeFor(channel, actor), bot.channel.url), [...(swap ?? []), ...mutations, ...verbChange, ...(urlMutation ? [urlMutation] : [])]);
      const { result, replies } = await send(activity);
      checkAnswer(activity, result, replies);
    }), { numRuns: RUNS.invokes, seed: SEED + 2 });
  });

  it(`other activities: installs, conversation updates, unknown types and invoke names (${RUNS.otherActivities} runs) → never 5xx, nothing stored`, async () => {
    tally.property = 'other activities';
    const TYPES = ['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event', 'typing', 'endOfConversation', 'messageUpdate', 'messageDelete', 'trace', 'handoff', 'command', 'commandResult', 'suggestion', 'contactRelationUpdate', 'deleteUserData', 'delay'];
    const INVOKE_NAMES = ['adaptiveCard/action', 'composeExtension/query', 'composeExtension/submitAction', 'composeExtension/fetchTask', 'task/fetch', 'task/submit', 'tab/fetch', 'tab/submit', 'config/fetch', 'config/submit',
      'signin/verifyState', 'signin/tokenExchange', 'fileConsent/invoke', 'actionableMessage/executeAction', 'message/submitAction', 'healthCheck', 'search', 'application/search', 'handoff/action', 'composeExtension/queryLink'];
    const base = fc.record({
      actor: fc.constantFrom(...NON_WRITERS, 'otherTenantAdmin' as const, 'globalAdmin' as const),
      channel: fc.boolean(),
      kind: fc.constantFrom('install', 'uninstall', 'added', 'removed', 'invoke'),
    });
    const payload = fc.tuple(
      base,
      sometimes(fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 30 })), 2),
      sometimes(fc.oneof(fc.constantFrom(...INVOKE_NAMES), fc.string({ maxLength: 40 }), anyJson), 2),
      fc.array(mutationArb(INVOKE_PATHS), { maxLength: 3 }),
    );
    await fc.assert(fc.asyncProperty(payload, async ([{ actor, channel, kind }, type, name, mutations]) => {
      const who = ACTORS[actor];
      const place = placeFor(channel, actor);
      const activity = kind === 'install' ? installActivity(who, place, bot.channel.url)
        : kind === 'uninstall' ? installActivity(who, place, bot.channel.url, 'remove')
          : kind === 'added' || kind === 'removed' ? conversationUpdateActivity(who, place, bot.channel.url, kind)
            : actionActivity(who, 'showHelp', {}, place, bot.channel.url);
      const changes: Mutation[] = [...(type !== null ? [{ set: ['type'], value: type }] : []), ...(name !== null ? [{ set: ['name'], value: name }] : []), ...mutations];
      const sent = mutate(activity, changes);
      const { result, replies } = await send(sent);
      checkAnswer(sent, result, replies);
    }), { numRuns: RUNS.otherActivities, seed: SEED + 3 });
  });

  it('the server is still the same process, serving, and Object.prototype was never polluted', async () => {
    const { cards } = await bot.say(ACTORS.globalAdmin, 'pending invitations');
    assert.equal(cards.length, 2, 'an ordinary request still works');
    for (const k of ['polluted', 'type', 'tenantId', 'isAdmin', 'roles']) assert.equal((Object.prototype as Record<string, unknown>)[k], undefined, `Object.prototype.${k}`);
    assert.deepEqual(problems, []);
  });

  /** Counterexamples the properties found (each was a bug), replayed on every run whatever the seed. */
  describe('payloads the properties found, kept as regressions', () => {
    const jane = ACTORS.globalAdmin;
    const message = (text = 'help', place: Place = { kind: 'personal' }) => messageActivity(jane, text, place, bot.channel.url);

    it('200 KB of "<" as a message is answered "too long" at once, not after seconds of markup stripping', async () => {
      const startedAt = performance.now();
      const { result, replies } = await send(message('<'.repeat(200_000)));
      assert.equal(result.status, 200);
      assert.ok(performance.now() - startedAt < 500, 'answered quickly');
      assert.deepEqual(replies.map((r) => r['text']), ['That message is too long for Partner Desk. Ask a short question, or type **help**.']);
    });

    it('fields every reply copies, of a type or form the connector can\'t send back, are refused with 400 and nothing is remembered', async () => {
      const before = JSON.stringify((await bot.app.store.tenants.read(NORTHWIND))!.conversations);
      const cases: [string, Activity][] = [
        ['conversation.isGroup ""', mutate(message(), [{ set: ['conversation', 'isGroup'], value: '' }]) as Activity],
        ['a 150 KB activity id', mutate(message(), [{ set: ['id'], value: 'x'.repeat(150_000) }]) as Activity],
        ['a lone surrogate as activity id', mutate(message(), [{ set: ['id'], value: '\ud800' }]) as Activity],
        ['a conversation id that is not ASCII', mutate(message(), [{ set: ['conversation', 'id'], value: 'Ā' }]) as Activity],
        ['from: {"__proto__": {"id": 0}}', mutate(message(), [{ set: ['from'], value: objectOf([['__proto__', { id: 0 }]]) }]) as Activity],
        ['serviceUrl "http://"', mutate(message(), [{ set: ['serviceUrl'], value: 'http://' }]) as Activity],
      ];
      for (const [what, activity] of cases) {
        const { result, replies } = await send(activity);
        assert.equal(result.status, 400, what);
        assert.deepEqual(replies, [], what);
      }
      assert.equal(JSON.stringify((await bot.app.store.tenants.read(NORTHWIND))!.conversations), before);
    });

    it('an invoke from conversation "__proto__" with an empty verb gets a refusal card, not the apology', async () => {
      const activity = mutate(actionActivity(ACTORS.helpdeskAdmin, 'showHelp', {}, { kind: 'personal' }, bot.channel.url), [{ set: ['conversation', 'id'], value: '__proto__' }, { set: ['value', 'action', 'verb'], value: '' }]);
      const { result, replies } = await send(activity);
      checkAnswer(activity, result, replies);
      assert.match(JSON.stringify(result.body), /Request refused/);
    });

    it('an invoke asking for deliveryMode "expectReplies" gets its card inside the replies in the body', async () => {
      const activity = mutate(actionActivity(ACTORS.helpdeskAdmin, 'showHelp', {}, { kind: 'personal' }, bot.channel.url), [{ set: ['deliveryMode'], value: 'expectReplies' }]);
      const { result, replies } = await send(activity);
      assert.equal(result.status, 200);
      assert.equal((result.body as { activities?: unknown[] }).activities?.length, 1);
      checkAnswer(activity, result, replies);
    });

    it('a team or channel name that is not text is ignored, and the message is answered', async () => {
      const place: Place = { kind: 'channel', channelId: '19:odd-names@thread.tacv2' };
      const activity = mutate(message('help', place), [{ set: ['channelData', 'team', 'name'], value: [objectOf([['toString', 1]])] }, { set: ['channelData', 'channel', 'name'], value: { x: 1 } }]);
      const { result, replies } = await send(activity);
      checkAnswer(activity, result, replies);
      assert.equal((await bot.app.store.tenants.read(NORTHWIND))!.conversations['19:odd-names@thread.tacv2']?.title, undefined);
    });

    it('an extra field nested 3,000 deep in "from" is not kept: the tenant still takes changes afterwards', async () => {
      let deepValue: unknown = 'bottom';
      for (let i = 0; i < 3_000; i++) deepValue = { a: deepValue };
      const first = mutate(messageActivity(ACTORS.helpdeskAdmin, 'help', { kind: 'personal' }, bot.channel.url), [{ set: ['from', 'extra'], value: deepValue }]);
      const answered = await send(first);
      checkAnswer(first, answered.result, answered.replies);
      // A later change to the same tenant copies its state: with the deep field stored, that copy overflowed the stack.
      for (const text of ['partners', 'help']) {
        const next = messageActivity(ACTORS.helpdeskAdmin, text, { kind: 'channel', channelId: `19:after-deep-${text}@thread.tacv2` }, bot.channel.url);
        const { result, replies } = await send(next);
        checkAnswer(next, result, replies);
      }
      assert.doesNotMatch(JSON.stringify((await bot.app.store.tenants.read(NORTHWIND))!.conversations), /"extra"/);
    });
  });
});
