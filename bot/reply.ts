import type { AdaptiveCard } from '../cards/cardTemplates.js';

/** One message the bot sends back: a card or a line of (markdown) text. */
export type Reply = { card: AdaptiveCard } | { text: string };

export const card = (c: AdaptiveCard): Reply => ({ card: c });
export const text = (t: string): Reply => ({ text: t });
