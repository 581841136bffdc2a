import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import {
  CARD_WIDTH, CardRenderer, type CardRenderReport, renderProblems, teamsHostConfig,
  teamsHostConfigForPictures,
} from '../support/cardRenderer.js';
import { sampleCards } from '../support/sampleCards.js';

const titles = (report: CardRenderReport) => report.buttons.map((b) => b.title);
const button = (report: CardRenderReport, title: string) => {
  const found = report.buttons.find((b) => b.title === title);
  assert.ok(found, `no "${title}" button; the card shows: ${titles(report).join(', ')}`);
  return found;
};

/**
 * Every card the bot sends, rendered in real headless Chromium by the official `adaptivecards` renderer with Teams'
 * host config, in a 450 px Teams-like frame. Needs Chromium: `apt-get install -y chromium`.
 */
describe('Adaptive Card rendering: every sample card in Chromium with the official renderer and the Teams host config', function () {
  this.timeout(30_000);
  let renderer: CardRenderer | undefined;
  let cards: Record<string, AdaptiveCard>;
  /** Rendered with Teams' light host config exactly as shipped. */
  let light: Record<string, CardRenderReport>;
  /** The same cards with a Segoe UI-like font stack (the machine has no Segoe UI), to judge what fits. */
  let segoeLike: Record<string, CardRenderReport>;
  let broken: Record<string, CardRenderReport>;

  before(async () => {
    cards = await sampleCards();
    renderer = await CardRenderer.launch();
    light = await renderer.render(cards, teamsHostConfig('light'));
    segoeLike = await renderer.render(
      Object.fromEntries(Object.entries(cards).map(([name, card]) => [`${name}@segoe`, card])),
      teamsHostConfigForPictures('light'),
    );
    const removeRoles = cards['removeRoles']!;
    broken = await renderer.render({
      unknownElement: { ...removeRoles, body: [...removeRoles.body, { type: 'Text', text: 'typo' }] },
      unknownAction: { ...removeRoles, actions: [...(removeRoles.actions ?? []), { type: 'Action.Exec', title: 'Go', verb: 'go' }] },
      empty: { type: 'AdaptiveCard', version: '1.5', body: [] },
      tooNew: { ...removeRoles, version: '9.0' },
    }, teamsHostConfig('light'));
  });

  after(async () => {
    await renderer?.close();
  });

  it('renders every sample card: no exception, no parse or validation event, every element drawn, nothing empty', () => {
    assert.ok(Object.keys(light).length >= 25, `only ${Object.keys(light).length} cards rendered`);
    const failures = Object.entries(light)
      .map(([name, report]) => ({ name, problems: renderProblems(report) }))
      .filter((f) => f.problems.length > 0);
    assert.deepEqual(failures, []);
    for (const [name, report] of Object.entries(light)) {
      assert.equal(report.width, CARD_WIDTH, `${name} is ${report.width}px wide`);
    }
  });

  it('raises no page error or console warning (markdown is processed, nothing fetched)', () => {
    assert.deepEqual(renderer!.pageErrors, []);
  });

  it('cuts off no text at Teams card width: buttons, toggles and facts fit or wrap', () => {
    const failures = Object.entries(segoeLike)
      .map(([name, report]) => ({ name, cut: report.clipped }))
      .filter((f) => f.cut.length > 0);
    assert.deepEqual(failures, []);
  });

  it('fails a card with an unknown element or action type, an empty card and an unsupported version', () => {
    assert.ok(renderProblems(broken['unknownElement']!).some((p) => p.includes('UnknownElementType') && p.includes('Text')), renderProblems(broken['unknownElement']!).join('\n'));
    assert.ok(renderProblems(broken['unknownAction']!).some((p) => p.includes('UnknownActionType') && p.includes('Action.Exec')), renderProblems(broken['unknownAction']!).join('\n'));
    assert.ok(renderProblems(broken['empty']!).some((p) => p.startsWith('empty render')), renderProblems(broken['empty']!).join('\n'));
    assert.ok(renderProblems(broken['tooNew']!).some((p) => p.includes('UnsupportedCardVersion')), renderProblems(broken['tooNew']!).join('\n'));
  });

  it('fails with instructions, not a skip, when Chromium is missing', async () => {
    await assert.rejects(CardRenderer.launch({ executablePath: '/nonexistent/chromium' }), /apt-get install -y chromium/);
  });

  it('invitation: a required acknowledgement toggle, Accept & Authorize (primary) and Cancel invitation, and a real agreement link', () => {
    const report = light['invitationPending']!;
    assert.match(report.text, /wants to work with you/);
    assert.deepEqual(report.inputs, [{ type: 'Input.Toggle', id: 'agreementAcknowledged', label: 'Acknowledgement' }]);
    assert.deepEqual(report.domInputs, [{ tag: 'input', type: 'checkbox', ariaLabel: 'I have read the Microsoft Customer Agreement' }]);
    assert.deepEqual(titles(report), ['Accept & Authorize', 'Cancel invitation']);
    assert.match(button(report, 'Accept & Authorize').className, /style-positive/);
    assert.ok(report.buttons.every((b) => b.visible));
    assert.deepEqual(report.links.map((l) => l.text), ['Microsoft Customer Agreement']);
    assert.match(report.links[0]!.href ?? '', /^https:\/\//);
    assert.doesNotMatch(report.text, /\[|\]\(|\*\*/, 'markdown must be rendered, not shown');
  });

  it('invitation, read only: no toggle and no Accept, only navigation', () => {
    const report = light['invitationReadOnly']!;
    assert.deepEqual(report.domInputs, []);
    assert.deepEqual(titles(report), ['Pending invitations', 'Partners']);
  });

  it('remove roles: asks "Remove roles?" with a destructive Yes and a No', () => {
    const report = light['removeRoles']!;
    assert.match(report.text, /^Remove roles\?/);
    assert.match(report.text, /Global Administrator, Helpdesk Administrator/);
    assert.deepEqual(report.bold, ['Global Administrator, Helpdesk Administrator']);
    assert.deepEqual(titles(report), ['Yes', 'No']);
    assert.match(button(report, 'Yes').className, /style-destructive/);
  });

  it('partner details: Remove roles and Ask to end relationship, then Back to partners', () => {
    const report = light['partnerDetails']!;
    assert.deepEqual(titles(report), ['Remove roles', 'Ask to end relationship', 'Back to partners']);
    assert.match(report.text, /Admin roles\s+Global Administrator, Helpdesk Administrator/);
    const after = light['partnerDetailsAfterRemoval']!;
    assert.match(after.text, /Roles removed/);
    assert.deepEqual(titles(after), ['Ask to end relationship', 'Back to partners']);
    assert.deepEqual(titles(light['partnerDetailsWithInvitation']!), ['Accept', 'Ask to end relationship', 'Pending invitations', 'Back to partners']);
    assert.deepEqual(titles(light['partnerDetailsReadOnly']!), ['Back to partners']);
  });

  it('welcome: the admin gets four navigation buttons and the bold words in bold', () => {
    const report = light['welcomeAdmin']!;
    assert.deepEqual(titles(report), ['Pending invitations', 'Partners', 'Find a partner', 'History']);
    assert.match(report.text, /Review pending invitations, accept/);
    assert.deepEqual(report.bold, ['pending invitations', 'partners', 'find a partner', 'help']);
    assert.deepEqual(light['welcomeNobody']!.buttons, []);
  });

  it('search results: one checkbox per partner found, and Contact selected providers', () => {
    const report = light['searchResults']!;
    assert.deepEqual(report.inputs.map((i) => i.id), ['selectedPartners']);
    assert.deepEqual(report.domInputs.map((i) => `${i.type}:${i.ariaLabel}`), ['checkbox:Contoso Cloud Solutions', 'checkbox:Proseware Security']);
    assert.ok(titles(report).includes('Contact selected providers'), titles(report).join(', '));
  });

  it('forms render their inputs: find a partner, contact form, invite a customer', () => {
    assert.deepEqual(light['findPartner']!.inputs.map((i) => i.id), ['location', 'organizationSize', 'keywords']);
    assert.deepEqual(light['contactForm']!.domInputs.map((i) => i.tag), ['textarea']);
    const invite = light['inviteCustomer']!;
    assert.ok(invite.inputs.length >= 3, JSON.stringify(invite.inputs));
    assert.ok(invite.domInputs.filter((i) => i.type === 'checkbox').length >= 10, 'the roles are checkboxes');
  });
});
