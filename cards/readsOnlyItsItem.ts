import { Constant, Expression, ExpressionType } from 'adaptive-expressions';
import { Template } from 'adaptivecards-templating';

/**
 * What an expression in a repeated part may be made of and still give the same value for the same item: paths, constants,
 * operators and functions of their arguments only (a clock or a random number would answer differently each time).
 */
const PURE = new Set<string>([
  ExpressionType.Accessor, ExpressionType.Element, ExpressionType.Constant, ExpressionType.Concat, ExpressionType.And,
  ExpressionType.Or, ExpressionType.Not, ExpressionType.Equal, ExpressionType.NotEqual, ExpressionType.GreaterThan,
  ExpressionType.GreaterThanOrEqual, ExpressionType.LessThan, ExpressionType.LessThanOrEqual, ExpressionType.Add,
  ExpressionType.Subtract, ExpressionType.Exists, ExpressionType.Count, ExpressionType.If, ExpressionType.Join,
  ExpressionType.Take, ExpressionType.Skip, ExpressionType.First, ExpressionType.Last, ExpressionType.Contains,
  ExpressionType.Empty, ExpressionType.Length, ExpressionType.String, ExpressionType.Json,
]);

/** Whether an expression reads nothing but `$data` (no `$root`, `$index`, `$host`…) and is made only of PURE parts. */
function readsOnlyData(expression: Expression): boolean {
  if (!PURE.has(expression.type)) return false;
  const [name, parent] = expression.children;
  if (expression.type === ExpressionType.Accessor && parent === undefined && name instanceof Constant && String(name.value).startsWith('$') && name.value !== '$data') return false;
  return expression.children.every(readsOnlyData);
}

/**
 * Whether what a repeated object fills depends on its item alone: every expression in it (its own `$data`, which picks
 * the items in the outer scope, left out) reads only the item, judged on the parsed expressions.
 */
export function readsOnlyItsItem(node: Record<string, unknown>): boolean {
  const { $data: _items, ...rest } = node;
  const pending: unknown[] = [rest];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      const parsed = Template.parseInterpolatedString(value);
      if (parsed instanceof Expression && !readsOnlyData(parsed)) return false;
    } else if (value !== null && typeof value === 'object') pending.push(...Object.values(value));
  }
  return true;
}
