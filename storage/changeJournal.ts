import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { TenantState } from '../domain/model.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { encodeRecord, needsBase, parseRecord, rebuildRecord } from './journalRecord.js';
import type { DraftChanges } from './tenantDraft.js';
import type { StoreLayout } from './storeLayout.js';
import { type StoredTenant, storedTenant, tenantFile } from './tenantFile.js';

/**
 * What the journal held when the store opened: for each tenant it holds changes to that the tenant's file does not,
 * the newest state and how many journaled changes it includes; and the segments it came from.
 */
export interface JournalRecovery {
  tenants: Map<string, StoredTenant>;
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
   * Appends what change number `n` did to one tenant (a first change, `changes` undefined, appends the whole state). A
   * failed write leaves the segment as it was, so the next line starts clean.
   */
  append(key: string, n: number, before: TenantState, after: TenantState, changes: DraftChanges | undefined): void {
    const line = `${encodeRecord(key, n, before, after, changes)}\n`;
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
 * Every record of every segment, oldest first; the newest state of each tenant wins. A numbered line is rebuilt on the
 * state it was made from: the tenant as the lines before it left it or, for its first line, as its file holds it. A
 * line the file already holds (a checkpoint wrote the file, then stopped before deleting the segment) is skipped, and
 * a line whose number does not follow is refused: it would be rebuilt on the wrong state. Lines from before lines were
 * numbered carry whole lists and are rebuilt as they always were.
 */
export function readJournal(layout: StoreLayout): JournalRecovery {
  const segments = segmentsIn(layout);
  const replayed = new Map<string, StoredTenant>();
  const files = new Map<string, StoredTenant | undefined>();
  const baseOf = (key: string): StoredTenant | undefined => {
    const known = replayed.get(key);
    if (known) return known;
    if (!files.has(key)) {
      const file = tenantFile(layout.tenant(key)).readSync();
      files.set(key, file ? storedTenant(file) : undefined);
    }
    return files.get(key);
  };
  segments.forEach((file, index) => {
    for (const [lineNumber, line] of linesOf(file, index === segments.length - 1)) {
      const record = parseRecord(file, lineNumber, line);
      if (record.n === undefined) {
        const base = needsBase(record) ? baseOf(record.key) : undefined;
        replayed.set(record.key, { state: rebuildRecord(file, record, base?.state), journaled: base?.journaled ?? 0 });
        continue;
      }
      const base = baseOf(record.key);
      const held = base?.journaled ?? 0;
      if (record.n <= held) continue;
      if (record.n !== held + 1) {
        throw new StoreFileInvalidError(file, `${record.where} is change ${record.n} of tenant ${record.key}, but neither the journal before it nor the tenant file holds change ${held + 1}`);
      }
      replayed.set(record.key, { state: rebuildRecord(file, record, base?.state), journaled: record.n });
    }
  });
  return { tenants: replayed, segments };
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
