import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import { TEMPLATE_NAMES, templatePath } from '../../cards/cardTemplates.js';
import { Expression } from 'adaptive-expressions';
import { type CompiledTemplate, compileTemplate } from '../../cards/compiledTemplate.js';
import { conditionOf } from '../../cards/directReads.js';
import { deepFreeze } from '../../domain/deepFreeze.js';

/** A small seeded generator, so a failure names data that can be made again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** The names a template's expressions use: the keys generated data is made of. */
function namesIn(payload: unknown): string[] {
  const names = new Set<string>();
  for (const [, inside] of JSON.stringify(payload).matchAll(/\$\{([^}]*)\}/g)) {
    for (const [name] of inside!.matchAll(/[A-Za-z_]\w*/g)) names.add(name);
  }
  return [...names];
}

/** Data of every kind a field can hold, missing included, nested two deep (rows of rows). */
function generatedData(names: readonly string[], rng: ReturnType<typeof random>, depth = 0): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const name of names) {
    const kind = rng.pick(['missing', 'text', 'text', 'text', 'empty', 'number', 'boolean', 'boolean', 'null', 'list', 'object']);
    if (kind === 'missing') continue;
    if (kind === 'text') data[name] = rng.pick(['Contoso', 'Fabrikam · CSP', 'a ${name} in text', 'Ünïcode ✓']);
    if (kind === 'empty') data[name] = '';
    if (kind === 'number') data[name] = rng.pick([0, 1, 2, 5, 3.5]);
    if (kind === 'boolean') data[name] = rng.next() < 0.5;
    if (kind === 'null') data[name] = null;
    if (kind === 'list') data[name] = depth >= 2 ? [] : Array.from({ length: Math.floor(rng.next() * 4) }, () => generatedData(names, rng, depth + 1));
    if (kind === 'object') data[name] = depth >= 2 ? {} : generatedData(names, rng, depth + 1);
  }
  return data;
}

/** What filling gives: the card, or the error filling threw. */
function outcome(fill: () => unknown): unknown {
  try {
    return { card: fill() };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

function assertSameAsLibrary(payload: unknown, data: object, compiled: CompiledTemplate, label: string): void {
  const library = new Template(payload);
  assert.deepStrictEqual(outcome(() => compiled(data)), outcome(() => library.expand({ $root: data })), `${label}: ${JSON.stringify(data)}`);
}

describe('compileTemplate', () => {
  it('compiles every card template the bot has', () => {
    for (const name of TEMPLATE_NAMES) {
      assert.ok(compileTemplate(JSON.parse(readFileSync(templatePath(name), 'utf-8'))), name);
    }
  });

  it('fills every card template exactly as adaptivecards-templating does, over generated data', () => {
    for (const name of TEMPLATE_NAMES) {
      const payload: unknown = JSON.parse(readFileSync(templatePath(name), 'utf-8'));
      const compiled = compileTemplate(payload)!;
      const names = namesIn(payload);
      const rng = random(TEMPLATE_NAMES.indexOf(name) + 1);
      for (let sample = 0; sample < 100; sample++) assertSameAsLibrary(payload, generatedData(names, rng), compiled, `${name} sample ${sample}`);
      // Frozen data, filled twice: the second fill finds the repeated parts it filled the first time.
      for (let sample = 0; sample < 30; sample++) {
        const data = deepFreeze(generatedData(names, rng));
        assertSameAsLibrary(payload, data, compiled, `${name} frozen sample ${sample}`);
        assertSameAsLibrary(payload, data, compiled, `${name} frozen sample ${sample}, again`);
      }
    }
  });

  describe('agrees with the library where its rules are subtle', () => {
    const cases: Array<[string, unknown, object[]]> = [
      ['a missing field keeps its expression as text', { type: 'TextBlock', text: '${missing}', size: '${a.b}' }, [{}, { a: {} }, { a: { b: 'Large' } }]],
      ['a null field is null, dropped from a list, and breaks interpolated text', [{ x: '${v}' }, '${v}', 'at ${v}'], [{ v: null }, { v: 'ok' }, { v: 3 }]],
      ['a $when that is not a boolean drops the element', { items: [{ $when: '${flag}', text: 'shown' }] }, [{ flag: true }, { flag: 'true' }, { flag: 1 }, {}]],
      ['a literal $when drops the element', { items: [{ $when: true, text: 'a' }, { $when: 'yes', text: 'b' }, { text: 'c' }] }, [{}]],
      ['$data repeats, and a single value or a missing one does not', { items: [{ $data: '${rows}', text: '${name} #${$index}' }] }, [{ rows: [{ name: 'a' }, { name: 'b' }] }, { rows: { name: 'one' } }, {}, { rows: [] }, { rows: [{ name: 'a' }, null, { name: 'c' }] }]],
      ['a literal $data is used as written', { items: [{ $data: [{ n: 1 }, { n: 2 }], text: 'n=${n}' }] }, [{}]],
      ['$root reaches the top from inside a repeat', { items: [{ $data: '${rows}', text: '${$root.title}: ${name}' }] }, [{ title: 'T', rows: [{ name: 'a' }] }]],
      ['a field holding an object or a list is that value', { data: '${data}', text: 'x ${data}' }, [{ data: { verb: 'go' } }, { data: [1, 2] }]],
      ['keys differ in case only from the template', { text: '${Name}' }, [{ name: 'lower' }, { Name: 'exact' }]],
      ['exists() and count() compared with a number', {
        flag: '${exists(a)}', many: '${count(list) > 1}', text: '${exists(a)} ${count(list) > 1}',
        items: ['==', '!=', '>', '>=', '<', '<='].flatMap((op) => [0, 2, 2.5].map((n) => ({ $when: `\${count(list) ${op} ${n}}`, text: `${op} ${n}` })))
          .concat([{ $when: '${exists(a)}', text: 'a' }, { $when: '${exists(a.b)}', text: 'a.b' }]),
      }, [{}, { a: null }, { a: 0 }, { a: '' }, { a: false }, { a: { b: null } }, { a: 'x', list: [] }, { list: [1] }, { list: [1, 2, 3] }, { list: 'abc' }, { list: { x: 1 } }, { list: null }, { A: 'case', List: [1, 2] }]],
      ['&&, || and ! over conditions and fields, booleans or not', {
        text: '${a && b} ${a || b} ${!a}',
        items: ['${a || b}', '${a && !b}', '${!a}', '${!(a || b)}', '${a || (b && count(nav) > 1)}', '${b && !a && count(nav) <= 1}', '${exists(a) && a}']
          .map((when, i) => ({ $when: when, text: `${i}` })),
      }, [undefined, true, false, null, 0, '', 'x', [1]].flatMap((a) => [undefined, true, false, 1].flatMap((b) => [undefined, [], [1, 2], 'ab'].map((nav) => ({
        ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }), ...(nav === undefined ? {} : { nav }),
      }))))],
      ['exists() of a missing field: false in a $when and under && and ||, its own text (so true) in text', {
        text: '${exists(a)} ${exists(a.b)} ${!exists(a)} ${exists(a) || exists(c)}',
        items: ['${exists(a)}', '${exists(a.b)}', '${!exists(a.b)}', '${exists(a) && exists(c)}', '${!exists(c) || exists(a.b)}', '${!(exists(a) && exists(a.b))}']
          .map((when, i) => ({ $when: when, text: `${i}` })),
      }, [{}, { a: {} }, { A: 1 }, { a: { B: 1 } }, { a: { b: 1, B: 2 } }, { a: 'str' }, { a: 0 }, { a: '' }, { a: true }, { a: [{ b: 1 }] },
        { a: new Map([['b', 1]]) }, { a: { b: undefined } }, { a: null }, { a: { b: null } }, { a: { b: 0 } }, { c: 1 }, { C: 1, a: { b: false } }]],
      ['functions and operators', { $when: '${count(rows) > 1 && !hidden}', text: '${if(exists(a), a, "none")}' }, [{ rows: [1, 2], a: 'A' }, { rows: [1], hidden: false }, { rows: [1, 2, 3], hidden: true }]],
    ];
    for (const [title, payload, datas] of cases) {
      it(title, () => {
        const compiled = compileTemplate(payload);
        assert.ok(compiled);
        for (const data of datas) assertSameAsLibrary(payload, data, compiled, title);
      });
    }
  });

  it('decides exists() of a certainly missing field itself where the library would not substitute text for it', () => {
    const when = conditionOf(Expression.parse('exists(a.b)'), false)!;
    assert.equal(when({}), false);
    assert.equal(when({ a: { c: 1 } }), false);
    assert.equal(when({ a: 'text' }), false);
    assert.equal(when({ a: { b: 'x' } }), true);
    // Left to the library (undefined): a name that differs only in case, a list or a Map on the way.
    assert.equal(when({ A: { b: 1 } }), undefined);
    assert.equal(when({ a: [{ b: 1 }] }), undefined);
    assert.equal(when({ a: new Map() }), undefined);
    // In text the library writes a missing field as its own expression, which exists: that stays the library's too.
    assert.equal(conditionOf(Expression.parse('exists(a.b)'))!({}), undefined);
  });

  it('leaves to the library a template it would not fill exactly', () => {
    assert.equal(compileTemplate({ $data: [{ text: '${x}' }], text: 'a' }), undefined);
    assert.equal(compileTemplate({ text: '${$host.name}' }), undefined);
  });

  it('fills a repeated part once per frozen item when it reads only its item, and shares it, frozen', () => {
    const byItem = compileTemplate({ body: [{ $data: '${rows}', type: 'TextBlock', text: '${name}', $when: '${exists(name)}' }] })!;
    const rows = deepFreeze([{ name: 'a' }, { name: 'b' }, { other: 'c' }]);
    const first = byItem({ rows, title: 'one' }) as { body: object[] };
    const second = byItem({ rows: [rows[1], rows[0]], title: 'two' }) as { body: object[] };
    assert.deepEqual(first.body, [{ type: 'TextBlock', text: 'a' }, { type: 'TextBlock', text: 'b' }]);
    assert.deepEqual([second.body[0] === first.body[1], second.body[1] === first.body[0]], [true, true]);
    assert.ok(Object.isFrozen(first.body[0]));
    // Not when the item may change (not frozen), nor when the part reads more than its item.
    const open = [{ name: 'a' }];
    assert.notEqual((byItem({ rows: open }) as { body: object[] }).body[0], (byItem({ rows: open }) as { body: object[] }).body[0]);
    for (const text of ['${name} #${$index}', '${$root.title}: ${name}', '${name} ${utcNow()}', "${if(exists(name), '}', $root.title)}"]) {
      const wider = compileTemplate({ body: [{ $data: '${rows}', text }] })!;
      assert.notEqual((wider({ rows, title: 'x' }) as { body: object[] }).body[0], (wider({ rows, title: 'y' }) as { body: object[] }).body[0], text);
    }
  });

  it('shares the constant parts between fills, frozen', () => {
    const compiled = compileTemplate({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Fixed' }, { type: 'TextBlock', text: '${name}' }] })!;
    const first = compiled({ name: 'a' }) as { body: object[] };
    const second = compiled({ name: 'b' }) as { body: object[] };
    assert.equal(first.body[0], second.body[0]);
    assert.ok(Object.isFrozen(first.body[0]));
    assert.notEqual(first.body[1], second.body[1]);
  });
});
