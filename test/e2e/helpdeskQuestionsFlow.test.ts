import assert from 'node:assert/strict';
import { DEMO } from '../../storage/demoIdentities.js';
import { BotHarness, cardText, cardVerbs } from '../support/botHarness.js';
import { businessState } from '../support/storedState.js';
import { ACTORS } from '../support/testWorld.js';

const NORTHWIND_CHANNEL = { kind: 'channel', channelId: '19:northwind-it-helpdesk@thread.tacv2', teamName: 'IT', channelName: 'Helpdesk' } as const;

describe('Helpdesk questions in plain words, read only, through POST /api/messages', () => {
  let bot: BotHarness;
  beforeEach(async () => { bot = await BotHarness.start(); });
  afterEach(async () => { await bot.stop(); });

  const northwind = async () => (await bot.app.store.tenants.read(DEMO.northwind.tenantId))!;
  /** The one text answer to a question; fails if the bot answered with anything else. */
  async function answer(actor: (typeof ACTORS)[keyof typeof ACTORS], question: string): Promise<string> {
    const { texts, cards } = await bot.say(actor, question);
    assert.equal(cards.length, 0, `"${question}" answered with a card: ${cards.map(cardText).join(' | ').slice(0, 200)}`);
    assert.equal(texts.length, 1, `"${question}" got ${texts.length} answers`);
    return texts[0]!;
  }
  async function cardAnswer(actor: (typeof ACTORS)[keyof typeof ACTORS], question: string) {
    const { texts, cards } = await bot.say(actor, question);
    assert.deepEqual(texts, [], `"${question}" answered with text`);
    return cards;
  }

  for (const name of ['helpdeskAdmin', 'globalReader'] as const) {
    describe(`as ${name === 'helpdeskAdmin' ? 'a Helpdesk admin' : 'a Global Reader'}`, () => {
      const actor = ACTORS[name];

      it('"which partners have admin roles?" names Contoso and its roles', async () => {
        assert.equal(await answer(actor, 'which partners have admin roles?'), '1 partner holds admin roles in your organization:\n\n- **Contoso Cloud Solutions**: Global Administrator, Helpdesk Administrator');
      });

      it('"who can reset passwords for us?" names Contoso by role and Woodgrove as Advisor', async () => {
        const text = await answer(actor, 'who can reset passwords for us?');
        assert.match(text, /\*\*Contoso Cloud Solutions\*\*: through its Global Administrator and Helpdesk Administrator role/);
        assert.match(text, /\*\*Woodgrove Advisors\*\*: as your Advisor/);
        assert.doesNotMatch(text, /Fabrikam/);
      });

      it('"is Fabrikam a reseller?", also typed "is fabrikm a reseller", says yes and that the agreement is missing', async () => {
        const since = (await northwind()).relationships.find((r) => r.partnerId === 'fabrikam')!.since.slice(0, 10);
        const expected = `**Yes.** Fabrikam IT Services works with you as: Reseller (since ${since}). The Microsoft Customer Agreement is not accepted yet, so they cannot buy for you until an admin accepts it.`;
        assert.equal(await answer(actor, 'is Fabrikam a reseller?'), expected);
        assert.equal(await answer(actor, 'is fabrikm a reseller'), expected);
        assert.match(await answer(actor, 'Is Woodgrove a reseller?'), /^\*\*No\.\*\* Woodgrove Advisors works with you as: MPSA partner, Advisor/);
        assert.match(await answer(actor, 'is Adatum a reseller?'), /^\*\*No\.\*\* You don't work with Adatum Consulting/);
      });

      it('"show Contoso" and "show conto" open the details, without admin buttons', async () => {
        for (const question of ['show Contoso', 'show conto']) {
          const [card, ...more] = await cardAnswer(actor, question);
          assert.equal(more.length, 0);
          assert.match(cardText(card), /^Contoso Cloud Solutions\n/);
          assert.match(cardText(card), /Admin roles\nGlobal Administrator, Helpdesk Administrator/);
          assert.deepEqual(cardVerbs(card), ['showPartners']);
        }
        const [unknown] = await cardAnswer(actor, 'show Globex');
        assert.match(cardText(unknown), /No partner matches “globex”/);
      });

      it('"pending invitations" shows both invitations, read only', async () => {
        const cards = await cardAnswer(actor, 'pending invitations');
        assert.deepEqual(cards.map((c) => cardText(c).split('\n')[0]), ['Litware Licensing wants to work with you', 'Adatum Consulting wants to work with you']);
        for (const card of cards) assert.equal(cardVerbs(card).includes('acceptInvitation'), false);
        const [list] = await cardAnswer(actor, 'are any invitations waiting?');
        assert.match(cardText(list), /2 invitations waiting/);
      });

      it('"did we sign the customer agreement?" says which partner still needs it', async () => {
        const text = await answer(actor, 'did we sign the customer agreement?');
        assert.match(text, /^Not for every partner: 1 still needs it\./);
        assert.match(text, /\*\*Contoso Cloud Solutions\*\*: accepted by Jane Doe on \d{4}-\d{2}-\d{2} \(MCA-2024-01\)/);
        assert.match(text, /\*\*Fabrikam IT Services\*\*: \*\*not accepted yet\*\*/);
        assert.match(text, /\*\*Woodgrove Advisors\*\*: not needed/);
      });

      it('"what changed this week?" lists this week\'s changes, including one made a minute ago', async () => {
        await bot.press(ACTORS.globalAdmin, 'removeRoles', { partnerId: 'contoso', version: 1 });
        const [card] = await cardAnswer(actor, 'what changed this week?');
        const text = cardText(card);
        assert.match(text, /^What changed\nLatest 3 changes this week/);
        assert.match(text, /Contoso Cloud Solutions: removed the admin roles\nJane Doe/);
        assert.match(text, /Litware Licensing: sent an invitation/);
      });

      it('"does woodgrove have admin roles" answers no, and yes for Contoso', async () => {
        assert.equal(await answer(actor, 'does woodgrove have admin roles'), '**No.** Woodgrove Advisors holds no admin roles.');
        assert.match(await answer(actor, 'does Contoso have admin rights?'), /^\*\*Yes\.\*\* Contoso Cloud Solutions holds Global Administrator, Helpdesk Administrator \(delegated admin\) since \d{4}-\d{2}-\d{2}/);
      });

      it('something it does not understand gets help, not silence', async () => {
        const { texts, cards } = await bot.say(actor, "what's the weather");
        assert.deepEqual(texts, ["Sorry, I didn't understand “what's the weather”. Here is what I can do:"]);
        assert.equal(cards.length, 1);
        assert.match(cardText(cards[0]), /As helpdesk \(read only\)/);
      });

      it('asking changes nothing', async () => {
        await bot.say(actor, 'which partners have admin roles?');
        const before = businessState(await northwind());
        for (const question of ['who can reset passwords for us?', 'is Fabrikam a reseller?', 'show Contoso', 'pending invitations', 'did we sign the customer agreement?', 'what changed this week?']) {
          await bot.say(actor, question);
        }
        assert.deepEqual(businessState(await northwind()), before);
      });
    });
  }

  it('in a team channel, with an @mention, the answer comes back in the thread', async () => {
    const { texts, replies } = await bot.say(ACTORS.globalReader, 'is Fabrikam a reseller?', NORTHWIND_CHANNEL);
    assert.equal(texts.length, 1);
    assert.match(texts[0]!, /^\*\*Yes\.\*\* Fabrikam IT Services works with you as: Reseller/);
    assert.match(replies[0]!.conversationId, /^19:northwind-it-helpdesk@thread\.tacv2;messageid=/);
    const stored = (await northwind()).conversations[NORTHWIND_CHANNEL.channelId];
    assert.equal(stored?.kind, 'channel', 'the channel itself is remembered, not the thread');

    const roles = await bot.say(ACTORS.helpdeskAdmin, 'which partners have admin roles?', NORTHWIND_CHANNEL);
    assert.match(roles.texts[0]!, /Contoso Cloud Solutions\*\*: Global Administrator, Helpdesk Administrator/);
  });

  it('a user without an admin role is refused, with the roles that would allow it', async () => {
    for (const question of ['which partners have admin roles?', 'who can reset passwords for us?', 'is Fabrikam a reseller?', 'did we sign the customer agreement?', 'what changed this week?']) {
      const text = await answer(ACTORS.plainUser, question);
      assert.equal(text, "Not allowed: reading your organization's partner relationships takes an admin or Global Reader role. You need one of: Global Administrator, Billing Administrator, Helpdesk Administrator, Global Reader. You hold none of them.");
    }
    const [card] = await cardAnswer(ACTORS.plainUser, 'show Contoso');
    assert.match(cardText(card), /You need one of: Global Administrator, Billing Administrator, Helpdesk Administrator, Global Reader/);
    assert.doesNotMatch(cardText(card), /Seattle|Global Administrator, Helpdesk Administrator\n/);
  });

  it("another tenant's admin only learns about their own organization", async () => {
    assert.equal(await answer(ACTORS.otherTenantAdmin, 'which partners have admin roles?'), 'No partner holds admin roles in your organization.');
    assert.match(await answer(ACTORS.otherTenantAdmin, 'is Fabrikam a reseller?'), /^\*\*No\.\*\* You don't work with Fabrikam IT Services/);
  });
});
