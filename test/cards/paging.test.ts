import assert from 'node:assert/strict';
import { PAGE_SIZE, pageOf } from '../../cards/paging.js';

const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('pageOf: the rows of a long list a card shows', () => {
  it(`shows a list of up to ${PAGE_SIZE} rows whole, with no pager`, () => {
    assert.deepEqual(pageOf(list(PAGE_SIZE), 1, 'showPartners'), { items: list(PAGE_SIZE) });
    assert.deepEqual(pageOf([], 3, 'showPartners'), { items: [] });
  });

  it('shows one more row on a second page, with the way back', () => {
    const second = pageOf(list(PAGE_SIZE + 1), 2, 'showPartners');
    assert.deepEqual(second.items, [PAGE_SIZE + 1]);
    assert.deepEqual(second.pager, { text: `Showing ${PAGE_SIZE + 1}–${PAGE_SIZE + 1} of ${PAGE_SIZE + 1}`, buttons: [{ title: '‹ Previous', verb: 'showPartners', data: { page: 1 } }] });
  });

  it('offers Previous and Next in the middle, each with the data the verb needs', () => {
    const middle = pageOf(list(45), 2, 'showMyCustomers', { partnerId: 'contoso' });
    assert.deepEqual(middle.items, list(40).slice(20));
    assert.equal(middle.pager?.text, 'Showing 21–40 of 45');
    assert.deepEqual(middle.pager?.buttons.map((b) => [b.title, b.verb, b.data]), [
      ['‹ Previous', 'showMyCustomers', { partnerId: 'contoso', page: 1 }],
      ['Next ›', 'showMyCustomers', { partnerId: 'contoso', page: 3 }],
    ]);
  });

  it('shows the first page when none is asked for, and the last for one past the end', () => {
    assert.deepEqual(pageOf(list(45), undefined, 'showPending').items, list(20));
    assert.deepEqual(pageOf(list(45), 99, 'showPending').items, [41, 42, 43, 44, 45]);
    assert.deepEqual(pageOf(list(45), 99, 'showPending').pager?.buttons.map((b) => b.title), ['‹ Previous']);
  });
});
