import { runInThisContext } from 'node:vm';
import ts from 'typescript';

export type Exports = Record<string, unknown>;

/** TypeScript's ES2015 emit of `source`, as botbuilder's build makes it (helpers inline, CommonJS). */
export function emitES2015(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2015, module: ts.ModuleKind.CommonJS } }).outputText;
}

/** Runs CommonJS `code` in this realm (so its promises are this test's) and returns its exports. */
export function loadCommonJs(code: string): Exports {
  const exports: Exports = {};
  (runInThisContext(`(function (exports) {${code}\n})`) as (e: Exports) => void).call(exports, exports);
  return exports;
}
