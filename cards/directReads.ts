import { Constant, type Expression, ExpressionType } from 'adaptive-expressions';

/**
 * The expressions the compiled filler (compiledTemplate.ts) reads directly, without adaptive-expressions: a field path
 * off `$data`, text made of such paths, and the conditions the templates use most. Each gives undefined where the
 * library must decide (a missing value, another type).
 */
const COMPARE: Partial<Record<string, (count: number, than: number) => boolean>> = {
  [ExpressionType.Equal]: (a, b) => a === b, [ExpressionType.NotEqual]: (a, b) => a !== b,
  [ExpressionType.GreaterThan]: (a, b) => a > b, [ExpressionType.GreaterThanOrEqual]: (a, b) => a >= b,
  [ExpressionType.LessThan]: (a, b) => a < b, [ExpressionType.LessThanOrEqual]: (a, b) => a <= b,
};

/**
 * `exists(a.b)` and `count(a.b) > 1` (any comparison with a whole number), the conditions the templates use most, and
 * `&&`, `||` and `!` of them and of boolean fields, read directly when the paths hold such values (for count, a list);
 * undefined then means "ask the library". Inside the server the library took about 15 µs for each of them, more than
 * the rest of a card's fill.
 *
 * `substitutes`: whether the library would stand a missing value in for its own text, `${a.b}`, as it does in text
 * (so `exists(a.b)` of a missing field is true there), but not in a `$when` or under `&&` and `||`. Where it does
 * not, a field that is certainly missing (see readKnowingAbsence) makes `exists` false without asking the library:
 * a banner or a pager that a card does not have was the library's to decide on every fill.
 */
export function conditionOf(expression: Expression, substitutes = true): Condition | undefined {
  const [first, second] = expression.children;
  if (expression.type === ExpressionType.And || expression.type === ExpressionType.Or) return connective(expression);
  if (expression.type === ExpressionType.Not && expression.children.length === 1) {
    const inner = booleanOf(first!, substitutes);
    return inner && ((data) => {
      const value = inner(data);
      return value === undefined ? undefined : !value;
    });
  }
  if (expression.type === ExpressionType.Exists && expression.children.length === 1) {
    const path = fieldPath(first!);
    return path && ((data) => {
      const value = substitutes ? read(data, path) : readKnowingAbsence(data, path);
      if (value === UNSURE || (substitutes && value === undefined)) return undefined;
      return value !== null && value !== undefined;
    });
  }
  const compare = COMPARE[expression.type];
  if (!compare || expression.children.length !== 2 || first!.type !== ExpressionType.Count || first!.children.length !== 1) return undefined;
  const than = second instanceof Constant && Number.isInteger(second.value) ? (second.value as number) : undefined;
  const path = fieldPath(first!.children[0]!);
  if (than === undefined || !path) return undefined;
  return (data) => {
    const value = read(data, path);
    return Array.isArray(value) ? compare(value.length, than) : undefined;
  };
}

type Condition = (data: unknown) => boolean | undefined;

/**
 * `a && b`, `a || b` over conditions read directly and fields holding booleans, as the library evaluates them when every
 * operand it looks at is a boolean: in order, stopping at the first false (`&&`) or true (`||`). Any other operand
 * value (the library would take 0 or "" as true) leaves the whole to the library.
 */
function connective(expression: Expression): Condition | undefined {
  // The library evaluates the operands of && and || without substitution.
  const operands = expression.children.map((child) => booleanOf(child, false));
  if (operands.length === 0 || operands.some((operand) => !operand)) return undefined;
  const stopsAt = expression.type === ExpressionType.Or;
  return (data) => {
    for (const operand of operands) {
      const value = operand!(data);
      if (value === undefined) return undefined;
      if (value === stopsAt) return stopsAt;
    }
    return !stopsAt;
  };
}

/** An operand of `&&`, `||` or `!`: a condition read directly, or a field path that holds a boolean. */
function booleanOf(expression: Expression, substitutes: boolean): Condition | undefined {
  const condition = conditionOf(expression, substitutes);
  if (condition) return condition;
  const path = fieldPath(expression);
  return path && ((data) => {
    const value = read(data, path);
    return typeof value === 'boolean' ? value : undefined;
  });
}

/** A constant's text or a field path, as a piece of interpolated text; undefined for anything else. */
export function textPart(child: Expression): string | string[] | undefined {
  if (child instanceof Constant) return typeof child.value === 'string' ? child.value : undefined;
  return fieldPath(child);
}

/** `a.b.c` as ['a', 'b', 'c'] when the expression is only that path, off `$data`; undefined otherwise. */
export function fieldPath(expression: Expression): string[] | undefined {
  if (expression.type !== ExpressionType.Accessor) return undefined;
  const [name, parent] = expression.children;
  if (!(name instanceof Constant) || typeof name.value !== 'string' || !/^[A-Za-z_]\w*$/.test(name.value)) return undefined;
  const head = parent === undefined ? [] : fieldPath(parent);
  return head ? [...head, name.value] : undefined;
}

/** A path's value read directly, or undefined: missing, or anything else only the library can decide (see readKnowingAbsence). */
export function read(data: unknown, path: readonly string[]): unknown {
  const value = readKnowingAbsence(data, path);
  return value === UNSURE ? undefined : value;
}

/** What readKnowingAbsence gives when only the library can tell. */
export const UNSURE: unique symbol = Symbol('unsure');

/**
 * A path's value as the library reads it, undefined included when the library would certainly find nothing: a step
 * off null, undefined or a plain value, or an object with no key that matches the name in any case (the library
 * matches names regardless of case). A list, a Map, or a key that differs only in case: UNSURE.
 */
export function readKnowingAbsence(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
    if (typeof value === 'function' || Array.isArray(value) || value instanceof Map) return UNSURE;
    if (Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key];
      continue;
    }
    const lower = key.toLowerCase();
    for (const other in value) if (Object.hasOwn(value, other) && other.toLowerCase() === lower) return UNSURE;
    return undefined;
  }
  return value;
}
