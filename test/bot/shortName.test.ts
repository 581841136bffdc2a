import assert from 'node:assert/strict';
import { shortName } from '../../bot/turnRequest.js';

describe('shortName: a name from Teams as Partner Desk shows and keeps it', () => {
  it('keeps a name of up to 256 characters as it is, trimmed', () => {
    assert.equal(shortName('  Jane Doe '), 'Jane Doe');
    assert.equal(shortName('x'.repeat(256)), 'x'.repeat(256));
  });

  it('cuts a longer name to 256 characters, the last an ellipsis', () => {
    const cut = shortName('x'.repeat(100_000))!;
    assert.equal(cut.length, 256);
    assert.equal(cut, `${'x'.repeat(255)}…`);
  });

  it('never keeps half of a character written as two UTF-16 units', () => {
    const cut = shortName(`${'x'.repeat(254)}😀😀`)!;
    assert.equal(cut, `${'x'.repeat(254)}…`);
    assert.doesNotMatch(cut, /[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('answers undefined for no name: empty, blank or not text', () => {
    for (const name of ['', '   ', undefined, null, 42, { name: 'x' }]) assert.equal(shortName(name), undefined, JSON.stringify(name));
  });
});
