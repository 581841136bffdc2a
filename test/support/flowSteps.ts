import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { type BotHarness, cardText } from './botHarness.js';
import type { Place } from './teamsActivities.js';
import { partnerActor } from './testWorld.js';

export type PartnerName = keyof typeof DEMO.partners;

/** A partner's team channel, as the tests name it. */
export function partnerChannel(partner: PartnerName): { kind: 'channel'; channelId: string; teamName: string; channelName: string } {
  return { kind: 'channel', channelId: `19:${partner}-partner-desk@thread.tacv2`, teamName: `${DEMO.partners[partner].name} team`, channelName: 'Partner Desk' };
}

/** Partner staff add the bot to their team channel and register it for the partner's notifications. */
export async function registerPartnerChannel(bot: BotHarness, partner: PartnerName, place: Place = partnerChannel(partner)): Promise<string> {
  assert.equal(place.kind, 'channel');
  const install = await bot.install(partnerActor(partner), place);
  assert.equal(install.status, 200);
  const card = await bot.press(partnerActor(partner), 'registerChannel', {}, place);
  assert.match(cardText(card), /This channel is registered/);
  return place.kind === 'channel' ? place.channelId : '';
}

/** Cards delivered to a conversation whose text matches, for picking one notification among several. */
export function cardsMatching(bot: BotHarness, conversationId: string, pattern: RegExp): Record<string, unknown>[] {
  return bot.channel.cardsTo(conversationId).filter((card) => pattern.test(cardText(card)));
}
