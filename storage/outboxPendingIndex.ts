import { Low } from 'lowdb';
import { z } from 'zod4';
import { TenantIdSchema } from '../domain/model.js';
import type { StoreLayout } from './storeLayout.js';
import { ValidatedJsonFile } from './validatedJsonFile.js';

// Tenant ids, not any string: an entry is used as a file name, and a bad one must be reported as this file's problem.
export const OutboxPendingSchema = z.object({ schemaVersion: z.literal(1), tenants: z.array(TenantIdSchema) });
type OutboxPending = z.infer<typeof OutboxPendingSchema>;

/**
 * The tenants whose outbox may hold notifications, so the sender never scans every tenant. A tenant is added before
 * the change that queues its first notification is written, and removed some time after its outbox is empty (the
 * store batches removals): a crash can leave an extra entry (harmless), never a missing one.
 */
export class OutboxPendingIndex {
  readonly #db: Low<OutboxPending>;
  /** Entries noted in memory and not yet written (see `note`). */
  #unsaved = false;

  private constructor(db: Low<OutboxPending>) {
    this.#db = db;
  }

  static async open(layout: StoreLayout): Promise<OutboxPendingIndex> {
    const db = new Low<OutboxPending>(new ValidatedJsonFile(layout.outboxPending, OutboxPendingSchema), { schemaVersion: 1, tenants: [] });
    await db.read();
    return new OutboxPendingIndex(db);
  }

  has(tenantId: string): boolean {
    return this.#db.data.tenants.includes(tenantId);
  }

  list(): string[] {
    return [...this.#db.data.tenants];
  }

  async add(tenantId: string): Promise<void> {
    if (this.has(tenantId)) return;
    this.note(tenantId);
    try {
      await this.#write();
    } catch (error) {
      // Maybe not listed on disk: forget it here too, so the next change that queues a notification writes it again.
      this.#db.data = { ...this.#db.data, tenants: this.#db.data.tenants.filter((t) => t !== tenantId) };
      throw error;
    }
  }

  /**
   * Lists a tenant in memory only. For a store with a journal: the change is durable once its journal line is, and
   * start-up lists again every tenant the journal holds with notifications, so the file can wait for the checkpoint.
   */
  note(tenantId: string): void {
    if (this.has(tenantId)) return;
    this.#db.data = { ...this.#db.data, tenants: [...this.#db.data.tenants, tenantId] };
    this.#unsaved = true;
  }

  /** Writes the entries noted since the last write, if any. */
  async save(): Promise<void> {
    if (this.#unsaved) await this.#write();
  }

  /** Drops tenants whose outboxes are empty, in one write. */
  async removeMany(tenantIds: Iterable<string>): Promise<void> {
    const gone = new Set(tenantIds);
    if (![...gone].some((t) => this.has(t))) return;
    this.#db.data = { ...this.#db.data, tenants: this.#db.data.tenants.filter((t) => !gone.has(t)) };
    await this.#write();
  }

  async #write(): Promise<void> {
    this.#unsaved = false;
    try {
      await this.#db.write();
    } catch (error) {
      this.#unsaved = true;
      throw error;
    }
  }
}
