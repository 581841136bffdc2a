import assert from 'node:assert/strict';
import { expandCard } from '../../cards/cardTemplates.js';

const data = (text: string) => ({ title: 'Partners', text, facts: [], nav: [] });

describe('expandCard', () => {
  it('answers the same data with the same frozen card', () => {
    const first = expandCard('messageCard', data('same'));
    assert.equal(expandCard('messageCard', data('same')), first);
    assert.ok(Object.isFrozen(first));
  });

  it('fills other data anew', () => {
    assert.notEqual(expandCard('messageCard', data('one')), expandCard('messageCard', data('two')));
  });

  it('fills a card with a banner anew each time: it says what a turn just did, and is answered once', () => {
    const withBanner = { ...data('done'), banner: { style: 'good', text: 'Accepted' } };
    const first = expandCard('messageCard', withBanner);
    assert.notEqual(expandCard('messageCard', withBanner), first);
    assert.deepEqual(expandCard('messageCard', withBanner), first);
  });
});
