import type { Adapter } from 'lowdb';
import { DataFile, DataFileSync } from 'lowdb/node';
import type { z } from 'zod4';
import { issueText } from '../domain/input.js';
import { replaceFileOffThread } from './replaceFileOffThread.js';
import { StoreFileInvalidError } from './storeErrors.js';

/** How many problems a refusal names at most. */
export const ISSUES_NAMED = 5;

export function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, ISSUES_NAMED).map((issue) => issueText(issue)).join('; ');
}

/**
 * A lowdb adapter for one JSON file whose content must match a zod schema. Reading a file that is not JSON or
 * does not match throws StoreFileInvalidError naming the file; lowdb then never holds its data, so it is never
 * written back. Writes go to a temporary file renamed over the old one (lowdb's sync writer, the same scheme as its
 * async one), so a crash leaves the old or the new file. They are synchronous: these files are a few kilobytes,
 * and one write is cheaper than the thread-pool round trips of an asynchronous one (the benchmark showed it).
 */
export class ValidatedJsonFile<T> implements Adapter<T> {
  readonly #reader: DataFile<T>;
  readonly #writer: DataFileSync<T>;
  readonly #stringify: (data: T) => string;

  constructor(readonly filename: string, schema: z.ZodType<T>) {
    const parse = (text: string): T => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new StoreFileInvalidError(filename, `not JSON (${(error as Error).message})`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new StoreFileInvalidError(filename, describeIssues(parsed.error));
      return parsed.data;
    };
    // Compact: these files are read by the program; pretty printing doubles the bytes written on every change.
    const stringify = (data: T) => JSON.stringify(data);
    this.#stringify = stringify;
    this.#reader = new DataFile(filename, { parse, stringify });
    this.#writer = new DataFileSync(filename, { parse, stringify });
  }

  read(): Promise<T | null> {
    return this.#reader.read();
  }

  readSync(): T | null {
    return this.#writer.read();
  }

  async write(data: T): Promise<void> {
    this.#writer.write(data);
  }

  /**
   * The same temp file and rename, on libuv's thread pool: for the journal's checkpoints, which write many files in
   * the background and should leave the event loop to the turns (see replaceFileOffThread). One writer per file at a
   * time: the store's job.
   */
  writeOffThread(data: T): Promise<void> {
    return replaceFileOffThread(this.filename, this.#stringify(data));
  }
}
