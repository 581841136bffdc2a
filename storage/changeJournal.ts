import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { TenantState } from '../domain/model.js';
import { TenantStateSchema } from '../domain/model.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { isTenantId, type StoreLayout } from './storeLayout.js';
import { describeIssues } from './validatedJsonFile.js';

/** What the journal held when the store opened: each tenant's newest state, and the segments it came from. */
export interface JournalRecovery {
  states: Map<string, TenantState>;
  segments: string[];
}

const SEGMENT = /^(\d{10})\.log$/;

/**
 * The write-ahead journal: every change appends its tenant's whole new state as one line to the open segment, in one
 * write, before it is acknowledged. Appending costs a few microseconds where replacing a tenant file (temp file,
 * rename) costs a few hundred, and a process killed after the write returned still has the line in the file. The
 * store folds the journal into the tenant files now and then (a checkpoint) and on start-up, then deletes the
 * segments it folded.
 */
export class ChangeJournal {
  /** Opened by the first change, so a start-up that is refused, or a run that changes nothing, leaves no file. */
  #fd: number | undefined;
  #seq: number;
  #size = 0;
  /** Segments that a checkpoint closed but has not yet folded into the tenant files. */
  readonly #closed: string[] = [];

  private constructor(private readonly layout: StoreLayout, seq: number) {
    this.#seq = seq;
  }

  /** A journal whose segments come after any already in the folder (start-up folds and deletes those first). */
  static open(layout: StoreLayout): ChangeJournal {
    const last = segmentsIn(layout).at(-1);
    return new ChangeJournal(layout, last === undefined ? 1 : Number(SEGMENT.exec(path.basename(last))![1]) + 1);
  }

  /** Bytes in the open segment. */
  get size(): number {
    return this.#size;
  }

  /** Appends one tenant's new state. A failed write leaves the segment as it was, so the next line starts clean. */
  append(key: string, state: TenantState): void {
    const line = Buffer.from(`${JSON.stringify({ k: key, s: state })}\n`, 'utf-8');
    const fd = (this.#fd ??= this.#open(this.#seq));
    try {
      let written = 0;
      while (written < line.length) written += writeSync(fd, line, written);
    } catch (error) {
      // A short write (a full disk) must not leave half a line for the next one to follow.
      try { ftruncateSync(fd, this.#size); } catch { /* the line stays torn; start-up refuses it, loudly */ }
      throw error;
    }
    this.#size += line.length;
  }

  /** Starts a new segment; the one closed waits for `foldedUpTo` to delete it once a checkpoint has written it out. */
  rotate(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#closed.push(this.layout.journalSegment(this.#seq));
    this.#fd = undefined;
    this.#seq += 1;
    this.#size = 0;
  }

  /** Every closed segment is now in the tenant files: delete them. */
  foldedUpTo(): void {
    for (const file of this.#closed.splice(0)) rmSync(file, { force: true });
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #open(seq: number): number {
    mkdirSync(this.layout.journalDir, { recursive: true });
    return openSync(this.layout.journalSegment(seq), 'a');
  }
}

/** Every record of every segment, oldest first; the newest state of each tenant wins. */
export function readJournal(layout: StoreLayout): JournalRecovery {
  const segments = segmentsIn(layout);
  const states = new Map<string, TenantState>();
  segments.forEach((file, index) => {
    for (const [key, state] of readSegment(file, index === segments.length - 1)) states.set(key, state);
  });
  return { states, segments };
}

function segmentsIn(layout: StoreLayout): string[] {
  let names: string[];
  try {
    names = readdirSync(layout.journalDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => SEGMENT.test(name)).sort().map((name) => path.join(layout.journalDir, name));
}

function readSegment(file: string, isLast: boolean): Array<[string, TenantState]> {
  const text = readFileSync(file, 'utf-8');
  const lines = text.split('\n');
  // Only the very end of the journal can hold a line whose write never finished (power lost mid-write); that change
  // was never acknowledged. A bad line anywhere else means the file was damaged, and the store refuses it.
  const tail = lines.pop()!;
  if (tail !== '' && !isLast) throw new StoreFileInvalidError(file, `line ${lines.length + 1} is cut short, and later segments follow it`);
  return lines.map((line, i) => parseRecord(file, i + 1, line));
}

function parseRecord(file: string, lineNumber: number, line: string): [string, TenantState] {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new StoreFileInvalidError(file, `line ${lineNumber} is not JSON (${(error as Error).message})`);
  }
  const { k: key, s: state } = (record ?? {}) as { k?: unknown; s?: unknown };
  if (typeof key !== 'string' || !isTenantId(key) || key !== key.toLowerCase()) throw new StoreFileInvalidError(file, `line ${lineNumber} names no tenant`);
  const parsed = TenantStateSchema.safeParse(state);
  if (!parsed.success) throw new StoreFileInvalidError(file, `line ${lineNumber}: ${describeIssues(parsed.error)}`);
  if (parsed.data.tenant.id.toLowerCase() !== key) throw new StoreFileInvalidError(file, `line ${lineNumber} holds tenant ${parsed.data.tenant.id}, not ${key}`);
  return [key, parsed.data];
}
