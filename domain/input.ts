import type { z } from 'zod4';
import { ok, refuse, type Result } from './result.js';

/**
 * One zod problem, named by where it is: `at` (where the checked value sits, when it is part of something), then its
 * own path; `root` names the checked value itself.
 */
export function issueText(issue: z.core.$ZodIssue, at: readonly PropertyKey[] = [], root = '(root)'): string {
  return `${[...at, ...issue.path].join('.') || root}: ${issue.message}`;
}

/** Validates an operation's input; a bad one becomes an `invalidInput` refusal listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
    return `${path}${issue.message}`;
  });
  return refuse({ kind: 'invalidInput', issues });
}
