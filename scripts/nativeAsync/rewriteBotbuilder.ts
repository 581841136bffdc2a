/**
 * `npm install`'s postinstall step: rewrites the async methods of botbuilder's installed packages from TypeScript's
 * ES2015 generator emit into native async functions (rewriteAwaiter.ts says why). Run again, it finds nothing left to do.
 *
 * It never fails an install: a file it cannot parse or write is reported and left as it was, and botbuilder works either way
 * (with the memory cost the README describes). `test/scripts/installedBotbuilder.test.ts` checks what was installed.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rewriteAwaiterCalls } from './rewriteAwaiter.js';

/** The packages botbuilder is made of, all compiled by the same build to ES2015. */
export const BOTBUILDER_PACKAGES = [
  'botbuilder',
  'botbuilder-core',
  'botbuilder-stdlib',
  'botframework-connector',
  'botframework-schema',
  'botframework-streaming',
] as const;

export interface PackageRewrite {
  dir: string;
  files: number;
  rewritten: number;
  left: number;
  /** Files left as they were because they could not be parsed or written, and why. */
  skipped: { file: string; reason: string }[];
}

/** Every installed copy of botbuilder's packages under `nodeModules`, nested copies too. */
export function findBotbuilderCopies(nodeModules: string): string[] {
  const found: string[] = [];
  const search = (dir: string) => {
    for (const name of BOTBUILDER_PACKAGES) {
      const candidate = path.join(dir, name);
      if (readdirIfAny(candidate).length) found.push(candidate);
    }
    for (const entry of readdirIfAny(dir)) {
      const nested = entry.startsWith('@')
        ? readdirIfAny(path.join(dir, entry)).map((scoped) => path.join(dir, entry, scoped, 'node_modules'))
        : [path.join(dir, entry, 'node_modules')];
      for (const inner of nested) if (readdirIfAny(inner).length) search(inner);
    }
  };
  search(nodeModules);
  return found;
}

function readdirIfAny(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function javascriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js') && !path.relative(dir, entry.parentPath).split(path.sep).includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Rewrites one package's compiled JavaScript (its `lib/`) in place; each file is replaced whole, by a rename.
 * With `write: false` it only counts what it would rewrite.
 */
export function rewritePackage(dir: string, { write = true } = {}): PackageRewrite {
  const result: PackageRewrite = { dir, files: 0, rewritten: 0, left: 0, skipped: [] };
  for (const file of javascriptFiles(path.join(dir, 'lib'))) {
    try {
      const rewrite = rewriteAwaiterCalls(readFileSync(file, 'utf8'));
      result.left += rewrite.left;
      if (!rewrite.rewritten) continue;
      if (write) {
        const temporary = `${file}.native-async.tmp`;
        writeFileSync(temporary, rewrite.code);
        renameSync(temporary, file);
      }
      result.files++;
      result.rewritten += rewrite.rewritten;
    } catch (error) {
      result.skipped.push({ file, reason: (error as Error).message });
    }
  }
  return result;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const copies = findBotbuilderCopies(path.join(root, 'node_modules'));
  const results = copies.map((dir) => rewritePackage(dir));
  const rewritten = results.reduce((sum, r) => sum + r.rewritten, 0);
  const files = results.reduce((sum, r) => sum + r.files, 0);
  const left = results.reduce((sum, r) => sum + r.left, 0);
  console.log(
    `native async: ${rewritten} of botbuilder's async methods rewritten in ${files} files of ${copies.length} packages` +
      (left ? `; ${left} of another shape left as generators` : ''),
  );
  for (const { file, reason } of results.flatMap((r) => r.skipped)) console.warn(`native async: ${file} left as it was: ${reason}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    // An install must not fail over this: botbuilder works as published, and the bot says so at start.
    console.warn(`native async: not applied: ${(error as Error).message}`);
  }
}
