/** One Action.Execute button of a card, as a person sees it. */
export interface CardButton {
  verb: string;
  title: string;
  data: Record<string, unknown>;
}

/** Every object in a card (elements, actions, their data), each before what it contains, in document order. */
function cardNodes(card: unknown): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      nodes.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return nodes;
}

/** Every Action.Execute button of a card, in order. */
export function cardButtons(card: unknown): CardButton[] {
  return cardNodes(card)
    .filter((node) => node['type'] === 'Action.Execute' && typeof node['verb'] === 'string')
    .map((node) => ({ verb: node['verb'] as string, title: String(node['title'] ?? ''), data: (node['data'] as Record<string, unknown> | undefined) ?? {} }));
}

/** The button with this verb (and title, when several share it); fails the test, naming what the card offers, when absent. */
export function cardButton(card: unknown, verb: string, title?: string | RegExp): CardButton {
  const matches = cardButtons(card).filter((b) => b.verb === verb && (title === undefined || (typeof title === 'string' ? b.title === title : title.test(b.title))));
  if (matches.length === 0) {
    throw new Error(`the card has no "${verb}"${title ? ` ${String(title)}` : ''} button; it offers: ${cardButtons(card).map((b) => `${b.verb} (${b.title})`).join(', ') || 'nothing'}`);
  }
  return matches[0]!;
}

/** The ids of every input a card asks for (what Teams would merge into the button's data). */
export function cardInputIds(card: unknown): string[] {
  return cardNodes(card)
    .filter((node) => typeof node['type'] === 'string' && node['type'].startsWith('Input.') && typeof node['id'] === 'string')
    .map((node) => node['id'] as string);
}

/** The choices (title and value) an Input.ChoiceSet offers. */
export function cardChoices(card: unknown, inputId: string): { title: string; value: string }[] {
  let found: { title: string; value: string }[] | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['type'] === 'Input.ChoiceSet' && record['id'] === inputId) found = (record['choices'] as { title: string; value: string }[] | undefined) ?? [];
      else Object.values(record).forEach(walk);
    }
  };
  walk(card);
  if (!found) throw new Error(`the card has no choice input "${inputId}"`);
  return found;
}
