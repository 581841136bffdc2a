import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type TenantState, TenantStateSchema } from '../domain/model.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { decodeRecord, encodeRecord } from './journalRecord.js';
import type { DraftChanges } from './tenantDraft.js';
import type { StoreLayout } from './storeLayout.js';
import { ValidatedJsonFile } from './validatedJsonFile.js';

/** What the journal held when the store opened: each tenant's newest state, and the segments it came from. */
export interface JournalRecovery {
  states: Map<string, TenantState>;
  segments: string[];
}

const SEGMENT = /^(\d{10})\.log$/;

/**
 * The write-ahead journal: every change appends what it did to its tenant as one line to the open segment (see
 * journalRecord.ts), in one write, before it is acknowledged. Appending costs a few microseconds where replacing a
 * tenant file (temp file, rename) costs a few hundred, and a process killed after the write returned still has the
 * line in the file. The store folds the journal into the tenant files now and then (a checkpoint) and on start-up,
 * then deletes the segments it folded.
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

  /**
   * Appends what a change did to one tenant (a first change, `changes` undefined, appends the whole state). A failed
   * write leaves the segment as it was, so the next line starts clean.
   */
  append(key: string, after: TenantState, changes: DraftChanges | undefined): void {
    const line = `${encodeRecord(key, after, changes)}\n`;
    const fd = (this.#fd ??= this.#open(this.#seq));
    const size = Buffer.byteLength(line, 'utf-8');
    try {
      // Written as a string (Node encodes it without a Buffer on the heap); the rest of a short write as bytes.
      let written = writeSync(fd, line);
      if (written < size) {
        const bytes = Buffer.from(line, 'utf-8');
        while (written < size) written += writeSync(fd, bytes, written);
      }
    } catch (error) {
      // A short write (a full disk) must not leave half a line for the next one to follow.
      try { ftruncateSync(fd, this.#size); } catch { /* the line stays torn; start-up refuses it, loudly */ }
      throw error;
    }
    this.#size += size;
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

/**
 * Every record of every segment, oldest first; the newest state of each tenant wins. A line that carries only what a
 * change added is rebuilt on the tenant as the lines before it left it, or, for its first line, on its file.
 */
export function readJournal(layout: StoreLayout): JournalRecovery {
  const segments = segmentsIn(layout);
  const states = new Map<string, TenantState>();
  const baseOf = (key: string) => states.get(key) ?? new ValidatedJsonFile(layout.tenant(key), TenantStateSchema).readSync() ?? undefined;
  segments.forEach((file, index) => {
    for (const [lineNumber, line] of linesOf(file, index === segments.length - 1)) {
      const [key, state] = decodeRecord(file, lineNumber, line, baseOf);
      states.set(key, state);
    }
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

function linesOf(file: string, isLast: boolean): Array<[number, string]> {
  const lines = readFileSync(file, 'utf-8').split('\n');
  // Only the very end of the journal can hold a line whose write never finished (power lost mid-write); that change
  // was never acknowledged. A bad line anywhere else means the file was damaged, and the store refuses it.
  const tail = lines.pop()!;
  if (tail !== '' && !isLast) throw new StoreFileInvalidError(file, `line ${lines.length + 1} is cut short, and later segments follow it`);
  return lines.map((line, i) => [i + 1, line]);
}
