import { type Banner, type Fact, NAV, type NavButton } from './cardParts.js';
import { type AdaptiveCard, expandCard } from './cardTemplates.js';

export interface MessageCardInput {
  title: string;
  text?: string;
  banner?: Banner;
  facts?: Fact[];
  nav?: NavButton[];
}

/** A short answer: a refusal, a confirmation, an error, with the next useful buttons. */
export function messageCard(input: MessageCardInput): AdaptiveCard {
  return expandCard('messageCard', {
    title: input.title,
    ...(input.text ? { text: input.text } : {}),
    ...(input.banner ? { banner: input.banner } : {}),
    facts: input.facts ?? [],
    nav: input.nav ?? [NAV.help],
  });
}
