import assert from 'node:assert/strict';
import type { Request, Response } from 'restify';
import { jsonFormatter } from '../../bot/jsonFormatter.js';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

function format(body: unknown): { bytes: Buffer; contentLength: unknown; sentAs: 'text' | 'bytes' } {
  const headers = new Map<string, unknown>();
  const res = { setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value), getHeader: (name: string) => headers.get(name.toLowerCase()) };
  const out = jsonFormatter({} as Request, res as unknown as Response, body);
  return { bytes: Buffer.isBuffer(out) ? out : Buffer.from(out, 'utf-8'), contentLength: headers.get('content-length'), sentAs: Buffer.isBuffer(out) ? 'bytes' : 'text' };
}

const card = (text: string) => ({ type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text }] });

describe('jsonFormatter', () => {
  it('answers a card as the UTF-8 of JSON.stringify, with its length in bytes as Content-Length', () => {
    const answer = { statusCode: 200, type: CARD_TYPE, value: card('Details › Contoso · Ünïcode ✓') };
    const { bytes, contentLength } = format(answer);
    assert.equal(bytes.toString('utf-8'), JSON.stringify(answer));
    assert.equal(contentLength, bytes.length);
    assert.ok(bytes.length > JSON.stringify(answer).length, 'the text has characters beyond ASCII');
  });

  it('makes the bytes of a frozen card once, and answers a card that can still change as text made every time', () => {
    const frozen = Object.freeze(card('same › frozen'));
    const once = format({ statusCode: 200, type: CARD_TYPE, value: frozen });
    assert.equal(once.sentAs, 'bytes');
    assert.equal(format({ statusCode: 200, type: CARD_TYPE, value: frozen }).bytes, once.bytes);
    assert.equal(once.contentLength, once.bytes.length);
    const open = card('before');
    const first = format({ statusCode: 200, type: CARD_TYPE, value: open });
    assert.equal(first.sentAs, 'text', 'a card answered once is not kept as bytes until a major collection frees them');
    open.body[0]!.text = 'after';
    assert.match(format({ statusCode: 200, type: CARD_TYPE, value: open }).bytes.toString('utf-8'), /after/);
    assert.match(first.bytes.toString('utf-8'), /before/);
  });

  it('writes the text of a frozen body part once, however many cards share it, and the rest of each card every time', () => {
    let serialized = 0;
    // A frozen part whose text is made only through its getter: counting the calls counts the serializations.
    const shared = Object.freeze(Object.defineProperty({ type: 'TextBlock' }, 'text', { enumerable: true, get: () => { serialized += 1; return 'shared › row'; } }));
    const open = { type: 'TextBlock', text: 'new' };
    const answers = ['first', 'second'].map((title) => ({
      statusCode: 200, type: CARD_TYPE,
      value: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text: title }, shared, open, null, undefined], actions: [{ type: 'Action.Execute', verb: 'go' }], fallbackText: undefined },
    }));
    for (const answer of answers) assert.equal(format(answer).bytes.toString('utf-8'), JSON.stringify(answer));
    assert.equal(serialized, 1 + 2, 'once for the formatter, twice for the JSON.stringify it is compared with');
  });

  it('formats any other body as restify does', () => {
    for (const body of [{ code: 'BadRequest', message: 'x' }, { statusCode: 200, type: CARD_TYPE, value: card('x'), extra: 1 }, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: 'no' } }]) {
      const { bytes } = format(body);
      assert.deepEqual(JSON.parse(bytes.toString('utf-8')), body);
    }
  });
});
