import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TEMPLATE_NAMES } from '../../cards/cardTemplates.js';
import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import { cardRuleProblems, cardSchemaErrors, TEAMS_CARD_BYTE_LIMIT } from '../support/cardChecks.js';
import { sampleCards } from '../support/sampleCards.js';

const copy = (card: AdaptiveCard): AdaptiveCard => structuredClone(card);
type Node = Record<string, unknown>;
const body = (card: AdaptiveCard): Node[] => card.body as Node[];
const actions = (card: AdaptiveCard): Node[] => card.actions as Node[];

describe('Adaptive Card JSON: every card the bot sends, against the Adaptive Card 1.5 schema and Teams rules', () => {
  let cards: Record<string, AdaptiveCard>;
  before(async () => { cards = await sampleCards(); });

  it('has a sample for every template, and enough samples to mean something', () => {
    const samples = readFileSync(new URL('../support/sampleCards.ts', import.meta.url), 'utf8');
    const missing = TEMPLATE_NAMES.filter((name) => !new RegExp(`\\b${name}\\(`).test(samples));
    assert.deepEqual(missing, [], 'templates with no sample card in test/support/sampleCards.ts');
    assert.ok(Object.keys(cards).length >= TEMPLATE_NAMES.length, `${Object.keys(cards).length} samples`);
    for (const name of ['welcomeAdmin', 'invitationPending', 'partners', 'partnerDetails', 'removeRoles', 'searchResults', 'notification-rolesRemoved']) {
      assert.ok(cards[name], `sample ${name} is missing`);
    }
  });

  it('validates every sample card against the official Adaptive Card 1.5 schema', () => {
    const failures = Object.entries(cards)
      .map(([name, card]) => ({ name, errors: cardSchemaErrors(card) }))
      .filter((f) => f.errors.length > 0);
    assert.deepEqual(failures, []);
  });

  it('leaves no template expression unexpanded, gives every Action.Execute a verb, every input a unique id, and stays under 28 KB', () => {
    const failures = Object.entries(cards)
      .map(([name, card]) => ({ name, problems: cardRuleProblems(card) }))
      .filter((f) => f.problems.length > 0);
    assert.deepEqual(failures, []);
  });

  it('offers at least one Action.Execute on the cards a person acts on', () => {
    for (const name of ['invitationPending', 'partnerDetails', 'removeRoles', 'findPartner', 'searchResults', 'contactForm', 'inviteCustomer']) {
      assert.match(JSON.stringify(cards[name]), /"type":"Action\.Execute"/, name);
    }
  });

  describe('the checks reject broken cards (so a pass means something)', () => {
    it('rejects a misspelled element type, an unknown property, a bad enum value and a missing required property', () => {
      const unknownType = copy(cards['removeRoles']!);
      body(unknownType).push({ type: 'TextBlok', text: 'typo' });
      assert.notDeepEqual(cardSchemaErrors(unknownType), []);

      const unknownProperty = copy(cards['removeRoles']!);
      body(unknownProperty)[0]!['colour'] = 'Good';
      assert.ok(cardSchemaErrors(unknownProperty).some((e) => e.includes('(colour)')), cardSchemaErrors(unknownProperty).join('\n'));

      const badSize = copy(cards['invitationPending']!);
      body(badSize)[0]!['size'] = 'Huge';
      assert.ok(cardSchemaErrors(badSize).some((e) => e.startsWith('/body/0/size')), cardSchemaErrors(badSize).join('\n'));

      const noText = copy(cards['removeRoles']!);
      delete body(noText)[0]!['text'];
      assert.ok(cardSchemaErrors(noText).some((e) => e.includes("must have required property 'text'")), cardSchemaErrors(noText).join('\n'));
    });

    it('rejects an unknown action type and a toggle without a title', () => {
      const badAction = copy(cards['removeRoles']!);
      actions(badAction)[0]!['type'] = 'Action.Exec';
      assert.notDeepEqual(cardSchemaErrors(badAction), []);

      const toggle = copy(cards['invitationPending']!);
      const json = JSON.stringify(toggle).replace('"title":"I have read the Microsoft Customer Agreement",', '');
      assert.notEqual(json, JSON.stringify(toggle), 'the sample should have the agreement toggle');
      assert.notDeepEqual(cardSchemaErrors(JSON.parse(json)), []);
    });

    it('flags an unexpanded ${...}, a leftover $when, an Action.Execute without verb, a duplicate input id and an oversized card', () => {
      const unexpanded = copy(cards['removeRoles']!);
      body(unexpanded)[0]!['text'] = 'Remove ${partnerName}?';
      assert.ok(cardRuleProblems(unexpanded).some((p) => p.includes('unexpanded template expression')));

      const leftover = copy(cards['removeRoles']!);
      body(leftover)[0]!['$when'] = true;
      assert.ok(cardRuleProblems(leftover).some((p) => p.includes('$when')));

      const noVerb = copy(cards['removeRoles']!);
      delete actions(noVerb)[0]!['verb'];
      assert.ok(cardRuleProblems(noVerb).some((p) => p.includes('Action.Execute without a verb')));
      assert.deepEqual(cardSchemaErrors(noVerb), [], 'the schema itself allows a verb-less Action.Execute: that is why the rule exists');

      const duplicate = copy(cards['findPartner']!);
      body(duplicate).push({ type: 'Input.Text', id: 'location', label: 'Again' });
      assert.ok(cardRuleProblems(duplicate).some((p) => p.includes('reuses input id "location"')), cardRuleProblems(duplicate).join('\n'));

      const big = copy(cards['auditTrail']!);
      body(big).push({ type: 'TextBlock', text: 'x'.repeat(TEAMS_CARD_BYTE_LIMIT), wrap: true });
      assert.ok(cardRuleProblems(big).some((p) => p.includes('28672-byte limit')));
      assert.deepEqual(cardSchemaErrors(big), []);

      const oldVersion = copy(cards['removeRoles']!);
      oldVersion.version = '1.6';
      assert.ok(cardRuleProblems(oldVersion).some((p) => p.includes('expected "1.5"')));
    });
  });
});
