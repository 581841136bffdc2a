import type { z } from 'zod';
import { ok, refuse, type Result } from './result.js';

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
