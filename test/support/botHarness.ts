import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type App, type AppOverrides, startApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger, type Logger } from '../../bot/logger.js';
import type { Actor } from '../../domain/deps.js';
import { cardButton, cardButtons, cardInputIds } from './cardButtons.js';
import { ChannelServiceStandIn } from './channelServiceStandIn.js';
import { actionActivity, conversationUpdateActivity, installActivity, messageActivity, personalConversationId, type Place } from './teamsActivities.js';

export interface PostResult {
  status: number;
  body: unknown;
}

/** The card an Action.Execute invoke answered with, or a failure naming what came back instead. */
export function invokeCard(result: PostResult): Record<string, unknown> {
  const body = result.body as { statusCode?: number; type?: string; value?: Record<string, unknown> } | undefined;
  if (result.status !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
    throw new Error(`expected a card invoke response, got ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
  }
  return body.value;
}

/** All text of a card, flattened, for assertions on what a person would read. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value', 'label'].includes(key)) out.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** The Action.Execute verbs a card offers, in order. */
export function cardVerbs(card: unknown): string[] {
  return cardButtons(card).map((button) => button.verb);
}

/**
 * The real server on a free port, over a fresh store in a temp folder seeded with the demo data, talking to a
 * channel service stand-in. Tests post Teams-shaped activities to POST /api/messages like Teams does.
 */
export class BotHarness {
  readonly channel = new ChannelServiceStandIn();
  app!: App;
  storeDir = '';

  static async start(env: Record<string, string> = {}, overrides: AppOverrides = {}, log: Logger = createLogger('silent')): Promise<BotHarness> {
    const harness = new BotHarness();
    await harness.channel.start();
    harness.storeDir = await mkdtemp(path.join(tmpdir(), 'partner-desk-e2e-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_DIR: harness.storeDir, LOG_LEVEL: 'silent', OUTBOX_INTERVAL_MS: '100', OUTBOX_BATCH_MS: '20', ...env });
    harness.app = await startApp(config, log, { retryPolicy: { firstDelayMs: 50, maxDelayMs: 400 }, sendTimeoutMs: 1_000, ...overrides });
    return harness;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.channel.stop();
    await rm(this.storeDir, { recursive: true, force: true });
  }

  async post(activity: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
    const response = await fetch(`${this.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    const raw = await response.text();
    let body: unknown = raw;
    try { body = raw ? JSON.parse(raw) : undefined; } catch { /* not JSON: keep the text */ }
    return { status: response.status, body };
  }

  /** Sends a chat message and returns what the bot replied in that conversation. */
  async say(actor: Actor, text: string, place: Place = { kind: 'personal' }) {
    // In a channel the bot answers in the message's thread: "<channel id>;messageid=<id>".
    const conversationId = place.kind === 'personal' ? personalConversationId(actor) : place.channelId;
    const inConversation = (c: { conversationId: string }) => c.conversationId === conversationId || c.conversationId.startsWith(`${conversationId};`);
    const before = this.channel.calls.length;
    const result = await this.post(messageActivity(actor, text, place, this.channel.url));
    if (result.status !== 200) throw new Error(`message answered ${result.status}: ${JSON.stringify(result.body)}`);
    const replies = this.channel.calls.slice(before).filter(inConversation);
    return {
      replies,
      cards: replies.flatMap((c) => ((c.activity['attachments'] as { content: Record<string, unknown> }[] | undefined) ?? []).map((a) => a.content)),
      texts: replies.map((c) => c.activity['text']).filter((t): t is string => typeof t === 'string'),
    };
  }

  /** Presses a card button: posts the Action.Execute invoke and returns the card the bot answered with. */
  async press(actor: Actor, verb: string, data: Record<string, unknown> = {}, place: Place = { kind: 'personal' }): Promise<Record<string, unknown>> {
    return invokeCard(await this.post(actionActivity(actor, verb, data, place, this.channel.url)));
  }

  /**
   * Presses a button a card shows, as Teams does: the button's data with the card's inputs merged in. Only inputs
   * the card really has may be filled, so a test can't send what no card would.
   */
  async pressButton(actor: Actor, card: unknown, verb: string, inputs: Record<string, unknown> = {}, place: Place = { kind: 'personal' }, title?: string | RegExp): Promise<Record<string, unknown>> {
    const button = cardButton(card, verb, title);
    const known = cardInputIds(card);
    const unknown = Object.keys(inputs).filter((id) => !known.includes(id));
    if (unknown.length > 0) throw new Error(`the card has no input ${unknown.join(', ')}; its inputs: ${known.join(', ') || 'none'}`);
    return this.press(actor, verb, { ...button.data, ...inputs }, place);
  }

  async install(actor: Actor, place: Place = { kind: 'personal' }): Promise<PostResult> {
    return this.post(installActivity(actor, place, this.channel.url));
  }

  async uninstall(actor: Actor, place: Place = { kind: 'personal' }): Promise<PostResult> {
    return this.post(installActivity(actor, place, this.channel.url, 'remove'));
  }

  /** The conversationUpdate Teams sends when the bot joins (or leaves) a personal chat or a team. */
  async conversationUpdate(actor: Actor, place: Place = { kind: 'personal' }, change: 'added' | 'removed' = 'added'): Promise<PostResult> {
    return this.post(conversationUpdateActivity(actor, place, this.channel.url, change));
  }

  /** Lets the outbox run until it has nothing due. */
  async deliverNotifications(): Promise<void> {
    this.app.dispatcher.kick();
    await this.app.dispatcher.idle();
  }
}
