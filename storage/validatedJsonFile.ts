import { DataFile } from 'lowdb/node';
import type { z } from 'zod';
import { StoreFileInvalidError } from './storeErrors.js';

export function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * A lowdb adapter for one JSON file whose content must match a zod schema. Reading a file that is not JSON or
 * does not match throws StoreFileInvalidError naming the file; lowdb then never holds its data, so it is never
 * written back. Writes go through steno (temporary file + rename), so a crash leaves the old or the new file.
 */
export class ValidatedJsonFile<T> extends DataFile<T> {
  constructor(readonly filename: string, schema: z.ZodType<T>) {
    super(filename, {
      parse: (text: string): T => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (error) {
          throw new StoreFileInvalidError(filename, `not JSON (${(error as Error).message})`);
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw new StoreFileInvalidError(filename, describeIssues(parsed.error));
        return parsed.data;
      },
      // Compact: these files are read by the program; pretty printing doubles the bytes written on every change.
      stringify: (data: T) => JSON.stringify(data),
    });
  }
}
