/**
 * Rewrites TypeScript's ES2015 emit of an async function back into a native one.
 *
 * botbuilder's packages are compiled to ES2015, so each async method reads
 * `return __awaiter(this, void 0, void 0, function* () { ... yield x ... })`. Every call makes a new generator function,
 * and V8 gives each one a map in the old generation that keeps its closure alive until the next major collection: in a
 * bot nearly everything a turn's closures capture is promoted, and V8 then lets the heap grow four times over what is
 * live (README, "Why each MB kept live costs about four"). The same method as `async function` allocates none of that.
 *
 * `(async function (params) { ... await x ... }).apply(thisArg, args)` is what the helper does, natively: the helper
 * calls the generator with `thisArg` and the outer call's `arguments` (or none), runs it synchronously to its first
 * `yield`, adopts each yielded value as a promise and turns a throw into a rejection. TypeScript only emits `yield` for
 * an `await` whose operand is already a unary expression or parenthesized, so `await` in its place parses the same.
 *
 * Only the exact shape TypeScript emits is rewritten; anything else (a `yield*`, a custom promise constructor) is left
 * as it was and counted, so a file is either rewritten where it is safe or not touched there.
 */
import { parse } from 'acorn';

export interface RewriteResult {
  code: string;
  /** `__awaiter` calls turned into native async functions. */
  rewritten: number;
  /** `__awaiter` calls of a shape this does not rewrite, left as they were. */
  left: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Set on the edit that opens a rewritten call. */
  opensCall?: true;
}

/** An ESTree node as acorn makes it, read field by field: only a few node types matter here. */
interface SyntaxNode {
  type: string;
  start: number;
  end: number;
  [field: string]: unknown;
}

const FUNCTIONS = new Set(['FunctionExpression', 'FunctionDeclaration', 'ArrowFunctionExpression']);

function isNode(value: unknown): value is SyntaxNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function children(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) found.push(...value.filter(isNode));
    else if (isNode(value)) found.push(value);
  }
  return found;
}

function isVoidZero(node: SyntaxNode): boolean {
  const argument = node['argument'];
  return node.type === 'UnaryExpression' && node['operator'] === 'void' && isNode(argument) && argument.type === 'Literal' && argument['value'] === 0;
}

function isAwaiterCallee(node: SyntaxNode): boolean {
  const callee = node['callee'];
  return node.type === 'CallExpression' && isNode(callee) && callee.type === 'Identifier' && callee['name'] === '__awaiter';
}

/** The generator of a call exactly as TypeScript emits it, or undefined. */
function emittedGenerator(call: SyntaxNode): SyntaxNode | undefined {
  const args = call['arguments'] as SyntaxNode[];
  if (args.length !== 4) return undefined;
  const [thisArg, argsArg, promise, generator] = args as [SyntaxNode, SyntaxNode, SyntaxNode, SyntaxNode];
  const thisShape = thisArg.type === 'ThisExpression' || thisArg.type === 'Identifier' || isVoidZero(thisArg);
  const argsShape = isVoidZero(argsArg) || (argsArg.type === 'Identifier' && argsArg['name'] === 'arguments');
  const generatorShape = generator.type === 'FunctionExpression' && generator['generator'] === true && generator['async'] !== true;
  return thisShape && argsShape && isVoidZero(promise) && generatorShape ? generator : undefined;
}

class Rewriter {
  constructor(private readonly source: string) {}

  /** Collects the edits under `node`; false if a `yield*` belongs to the generator being rewritten. */
  visit(node: SyntaxNode, inGenerator: boolean, edits: Edit[]): boolean {
    if (inGenerator && node.type === 'YieldExpression') {
      if (node['delegate'] === true) return false;
      edits.push({ start: node.start, end: node.start + 'yield'.length, text: node['argument'] ? 'await' : 'await void 0' });
    }
    if (isAwaiterCallee(node)) {
      const generator = emittedGenerator(node);
      if (generator) {
        this.rewriteCall(node, generator, edits);
        return true;
      }
    }
    const inner = FUNCTIONS.has(node.type) ? false : inGenerator;
    return children(node).every((child) => this.visit(child, inner, edits));
  }

  private rewriteCall(call: SyntaxNode, generator: SyntaxNode, edits: Edit[]): void {
    const [thisArg, argsArg] = call['arguments'] as [SyntaxNode, SyntaxNode];
    const body = generator['body'] as SyntaxNode;
    const own: Edit[] = [];
    if (!this.visit(body, true, own)) {
      // Left as a generator; calls nested in it can still be rewritten.
      this.visit(body, false, edits);
      return;
    }
    const params = generator['params'] as SyntaxNode[];
    const paramText = params.length ? this.source.slice(params[0]!.start, params[params.length - 1]!.end) : '';
    const id = generator['id'];
    const name = isNode(id) ? ` ${String(id['name'])}` : '';
    const args = isVoidZero(argsArg) ? '[]' : 'arguments';
    edits.push(
      { start: call.start, end: body.start, text: `(async function${name}(${paramText}) `, opensCall: true },
      ...own,
      { start: body.end, end: call.end, text: `).apply(${this.source.slice(thisArg.start, thisArg.end)}, ${args})` },
    );
  }
}

function countCalls(node: SyntaxNode): number {
  return (isAwaiterCallee(node) ? 1 : 0) + children(node).reduce((sum, child) => sum + countCalls(child), 0);
}

function parseScript(source: string): SyntaxNode {
  const options = { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true } as const;
  try {
    return parse(source, { ...options, sourceType: 'script' }) as unknown as SyntaxNode;
  } catch {
    return parse(source, { ...options, sourceType: 'module' }) as unknown as SyntaxNode;
  }
}

/** Rewrites every `__awaiter` call in `source` that has TypeScript's shape; the rest of the text is kept byte for byte. */
export function rewriteAwaiterCalls(source: string): RewriteResult {
  if (!source.includes('__awaiter(')) return { code: source, rewritten: 0, left: 0 };
  const program = parseScript(source);
  const edits: Edit[] = [];
  new Rewriter(source).visit(program, false, edits);
  const rewritten = edits.filter((edit) => edit.opensCall).length;
  let code = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  return { code, rewritten, left: countCalls(program) - rewritten };
}
