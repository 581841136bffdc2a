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
 */
export function conditionOf(expression: Expression): Condition | undefined {
  const [first, second] = expression.children;
  if (expression.type === ExpressionType.And || expression.type === ExpressionType.Or) return connective(expression);
  if (expression.type === ExpressionType.Not && expression.children.length === 1) {
    const inner = booleanOf(first!);
    return inner && ((data) => {
      const value = inner(data);
      return value === undefined ? undefined : !value;
    });
  }
  if (expression.type === ExpressionType.Exists && expression.children.length === 1) {
    const path = fieldPath(first!);
    return path && ((data) => {
      const value = read(data, path);
      return value === undefined ? undefined : value !== null;
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
  const operands = expression.children.map(booleanOf);
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
function booleanOf(expression: Expression): Condition | undefined {
  const condition = conditionOf(expression);
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

export function read(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Map || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
