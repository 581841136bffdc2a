import { readFileSync } from 'node:fs';
import type { Actor } from '../../domain/deps.js';

/** The fixtures: activities exactly as Microsoft's Teams emulator posts them. Tests change ids, text and value only. */
type FixtureName =
  | 'message-personal' | 'message-groupChat-mention' | 'message-channel-mention'
  | 'invoke-adaptiveCard-action-personal' | 'invoke-adaptiveCard-action-groupChat'
  | 'installationUpdate-personal' | 'installationUpdate-channel' | 'installationUpdate-groupChat'
  | 'conversationUpdate-personal' | 'conversationUpdate-channel' | 'conversationUpdate-groupChat';

export type Activity = Record<string, unknown> & { conversation: Record<string, unknown>; from: Record<string, unknown> };

function fixture(name: FixtureName): Activity {
  return JSON.parse(readFileSync(new URL(`../fixtures/teams-activities/${name}.json`, import.meta.url), 'utf-8')) as Activity;
}

export const BOT = { id: 'bot-fixture', name: 'Fixture Bot' };

/** Where a message or card comes from: a person's 1:1 chat with the bot, or a team channel of their tenant. */
export type Place = { kind: 'personal' } | { kind: 'channel'; channelId: string; teamName?: string; channelName?: string };

export function personalConversationId(actor: Actor): string {
  return `a:personal-${actor.tenantId}-${actor.objectId}`;
}

let nextId = 1;

/** Rewrites a fixture for an actor, a place and a service URL, keeping every other field as Teams sends it. */
function shape(base: Activity, actor: Actor, place: Place, serviceUrl: string): Activity {
  const activity = structuredClone(base);
  activity['id'] = `test-activity-${nextId++}`;
  activity['serviceUrl'] = serviceUrl;
  activity['timestamp'] = new Date().toISOString();
  activity.from = { ...activity.from, id: `29:${actor.objectId}`, name: actor.displayName, aadObjectId: actor.objectId };
  activity['recipient'] = { ...BOT };
  const channelData = (activity['channelData'] ?? {}) as Record<string, unknown>;
  channelData['tenant'] = { id: actor.tenantId };
  if (place.kind === 'personal') {
    activity.conversation = { conversationType: 'personal', tenantId: actor.tenantId, id: personalConversationId(actor) };
  } else {
    const isMessage = activity['type'] === 'message';
    activity.conversation = { isGroup: true, conversationType: 'channel', tenantId: actor.tenantId, id: isMessage ? `${place.channelId};messageid=${nextId}` : place.channelId };
    channelData['teamsChannelId'] = place.channelId;
    channelData['teamsTeamId'] = place.channelId;
    channelData['team'] = { id: place.channelId, name: place.teamName ?? 'Team' };
    channelData['channel'] = { id: place.channelId, name: place.channelName ?? 'General' };
  }
  activity['channelData'] = channelData;
  return activity;
}

export function messageActivity(actor: Actor, text: string, place: Place, serviceUrl: string): Activity {
  const activity = shape(fixture(place.kind === 'personal' ? 'message-personal' : 'message-channel-mention'), actor, place, serviceUrl);
  if (place.kind === 'personal') {
    activity['text'] = text;
  } else {
    activity['text'] = `<at>${BOT.name}</at> ${text}`;
    activity['entities'] = [{ type: 'mention', mentioned: { ...BOT }, text: `<at>${BOT.name}</at>` }, { type: 'clientInfo', locale: 'en-US' }];
  }
  return activity;
}

/** An Action.Execute invoke from a card button, with the card's data and inputs merged as Teams does. */
export function actionActivity(actor: Actor, verb: string, data: Record<string, unknown>, place: Place, serviceUrl: string): Activity {
  const activity = shape(fixture('invoke-adaptiveCard-action-personal'), actor, place, serviceUrl);
  activity['value'] = { action: { type: 'Action.Execute', title: verb, verb, data } };
  return activity;
}

export function installActivity(actor: Actor, place: Place, serviceUrl: string, action: 'add' | 'remove' = 'add'): Activity {
  const activity = shape(fixture(place.kind === 'personal' ? 'installationUpdate-personal' : 'installationUpdate-channel'), actor, place, serviceUrl);
  activity['action'] = action;
  return activity;
}

/**
 * The conversationUpdate Teams sends when the bot is added to a personal chat or a team (often alongside an
 * installationUpdate), or removed from one.
 */
export function conversationUpdateActivity(actor: Actor, place: Place, serviceUrl: string, change: 'added' | 'removed' = 'added'): Activity {
  const activity = shape(fixture(place.kind === 'personal' ? 'conversationUpdate-personal' : 'conversationUpdate-channel'), actor, place, serviceUrl);
  const bot = { id: BOT.id };
  const members = place.kind === 'personal' ? [{ id: `29:${actor.objectId}`, aadObjectId: actor.objectId }, bot] : [bot];
  delete activity['membersAdded'];
  activity[change === 'added' ? 'membersAdded' : 'membersRemoved'] = members;
  return activity;
}
