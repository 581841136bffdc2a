import { Expression, ExpressionType } from 'adaptive-expressions';
import { Template } from 'adaptivecards-templating';
import { deepFreeze } from '../domain/deepFreeze.js';
import { conditionOf, fieldPath, read, textPart } from './directReads.js';
import { readsOnlyItsItem } from './readsOnlyItsItem.js';

/**
 * A card template turned into a function of its data, giving what adaptivecards-templating's `Template.expand` gives.
 *
 * Why: `Template.expand` walks the whole template on every fill, constant parts included, and evaluates even a plain
 * `${name}` through adaptive-expressions (a memory object, a path split by regular expression, a case-insensitive key
 * search). A partners card of six rows took about 85 µs to fill, which every write answers with. Here the template is
 * walked once: constant parts are filled once and shared (cards are frozen and only serialized), and a field path
 * whose value is there is read directly. Everything else, and every path whose value is missing (substitution,
 * errors), is evaluated by the library itself, so the library decides every case but the plain one. A direct read
 * agrees with the library as long as no data object has two keys that differ only in case, which typed card data
 * never has. test/cards/compiledTemplate.test.ts compares both on every template with generated data.
 */
export type CompiledTemplate = (root: object) => unknown;

interface Scope {
  readonly root: unknown;
  /** `$data`: the repeated item, or the root outside any `$data`. */
  readonly data: unknown;
  readonly index: number | undefined;
}
type Fill = (scope: Scope) => unknown;
type Evaluate = (expression: Expression, context: object, allowSubstitutions: boolean) => { value: unknown; error?: unknown };

// The library's own evaluation of one expression in a context, as `Template.expand` runs it (private in its typings).
const libraryEvaluate = (Template as unknown as { internalTryEvaluateExpression?: Evaluate }).internalTryEvaluateExpression;
/** A template feature outside what `compile` reproduces exactly: the whole template is then left to the library. */
class UnsupportedTemplate extends Error {}
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** The compiled template, or undefined when it uses something only the library handles (then use `Template`). */
export function compileTemplate(payload: unknown): CompiledTemplate | undefined {
  if (typeof libraryEvaluate !== 'function' || /\$host|\$_acTemplateVersion/.test(JSON.stringify(payload))) return undefined;
  try {
    const fill = compile(payload);
    return (root) => fill({ root, data: root, index: undefined });
  } catch (error) {
    if (error instanceof UnsupportedTemplate) return undefined;
    throw error;
  }
}

function compile(node: unknown): Fill {
  if (typeof node === 'string') {
    const parsed = Template.parseInterpolatedString(node);
    return typeof parsed === 'string' ? () => parsed : expressionFill(parsed, true);
  }
  if (Array.isArray(node)) return constantWhenFixed(node, arrayFill(node.map(compile)));
  if (node !== null && typeof node === 'object') return constantWhenFixed(node, objectFill(node as Record<string, unknown>));
  return () => node;
}

/** A part with no expression and no `$data` or `$when` fills the same every time: filled once, frozen and shared. */
function constantWhenFixed(node: object, fill: Fill): Fill {
  if (/\$\{|"\$data"|"\$when"/.test(JSON.stringify(node))) return fill;
  const value = deepFreeze(fill({ root: undefined, data: undefined, index: undefined }));
  return () => value;
}

function arrayFill(items: Fill[]): Fill {
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...(value as unknown[]));
      else out.push(value);
    }
    return out;
  };
}

function objectFill(node: Record<string, unknown>): Fill {
  const fields = Object.keys(node).filter((key) => !RESERVED.has(key)).map((key) => [key, compile(node[key])] as const);
  const dataOf = dataFill(node['$data']);
  const when = node['$when'];
  const whenOf = typeof when === 'string' ? Template.parseInterpolatedString(when) : when;
  const whenFill = whenOf instanceof Expression ? expressionFill(whenOf, false) : undefined;
  const fillFields = (scope: Scope): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, fill] of fields) {
      const value = fill(scope);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };
  // Most objects repeat nothing and drop nothing: filled in the scope they are in, with nothing else made per fill.
  if (!dataOf && when === undefined) return fillFields;
  const fillOne = (scope: Scope): object | undefined => {
    if (whenFill) {
      const value = whenFill(scope);
      if (!(typeof value === 'boolean' && value)) return undefined;
    } else if (whenOf) return undefined;
    return fillFields(scope);
  };
  const filledFor = dataOf && readsOnlyItsItem(node) ? new WeakMap<object, { value: object | undefined }>() : undefined;
  return (outer) => {
    let contexts: unknown[] = [undefined];
    let repeated = false;
    if (dataOf) {
      const value = dataOf(outer);
      repeated = Array.isArray(value);
      contexts = repeated ? (value as unknown[]) : [value];
    }
    const results: object[] = [];
    // As the library does: the item and index carry over to the next context when a context is undefined.
    let data = outer.data;
    let index = outer.index;
    for (let i = 0; i < contexts.length; i++) {
      if (repeated) index = i;
      const item = contexts[i];
      if (item !== undefined) data = item;
      let value: object | undefined;
      // A frozen item can't change, so what it fills is the same every time: filled once, frozen and shared.
      if (filledFor && item !== null && typeof item === 'object' && Object.isFrozen(item)) {
        let known = filledFor.get(item);
        if (!known) filledFor.set(item, (known = { value: deepFreeze(fillOne({ root: outer.root, data, index })) }));
        value = known.value;
      } else value = fillOne({ root: outer.root, data, index });
      if (value) results.push(value);
    }
    return results.length === 0 ? null : results.length === 1 ? results[0] : results;
  };
}

/**
 * `$data`: an expression is evaluated; anything else is the data as written (the library uses a literal array or
 * object as it stands, expressions in it unevaluated, which this does not copy: such a template is left to it).
 */
function dataFill(data: unknown): Fill | undefined {
  if (data === undefined) return undefined;
  if (typeof data === 'string') return compile(data);
  if (JSON.stringify(data).includes('${')) throw new UnsupportedTemplate('an expression inside a literal $data');
  const value = deepFreeze(structuredClone(data));
  return () => value;
}

/**
 * One expression. `${a.b}` and text with such paths in it are read directly; anything else, or a path whose value
 * is missing, goes to the library. A `$when` (no substitutions) yields its value, or undefined when it fails.
 */
function expressionFill(expression: Expression, allowSubstitutions: boolean): Fill {
  const viaLibrary: Fill = (scope) => {
    const context = { $root: scope.root, $data: scope.data, $index: scope.index };
    const result = libraryEvaluate!(expression, context, allowSubstitutions);
    if (!result.error) return result.value;
    if (!allowSubstitutions) return undefined;
    throw new Error(String(result.error));
  };
  const condition = conditionOf(expression, allowSubstitutions);
  if (condition) return (scope) => condition(scope.data) ?? viaLibrary(scope);
  const path = fieldPath(expression);
  if (path) {
    return (scope) => {
      const value = read(scope.data, path);
      return value === undefined ? viaLibrary(scope) : value;
    };
  }
  const parts = allowSubstitutions && expression.type === ExpressionType.Concat ? expression.children.map(textPart) : [];
  if (parts.length === 0 || parts.some((part) => part === undefined)) return viaLibrary;
  const pieces = parts as Array<string | string[]>;
  return (scope) => {
    let text = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        text += piece;
        continue;
      }
      const value = read(scope.data, piece);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return viaLibrary(scope);
      text += value.toString();
    }
    return text;
  };
}
