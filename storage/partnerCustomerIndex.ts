import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { isTenantId } from '../domain/model.js';
import type { StoreLayout } from './storeLayout.js';

/**
 * Which customer tenants each partner has dealt with. Append-only, one line per first contact, written before the
 * tenant change that introduces the partner: after a crash it may list a customer with nothing for the partner
 * (readers skip those), never miss one. Appending costs the same however many tenants exist.
 */
export class PartnerCustomerIndex {
  /** Per partner, its customers as read once from its file plus those appended since; shared by every caller. */
  readonly #cache = new Map<string, Promise<Set<string>>>();
  #dirReady: Promise<unknown> | undefined;

  constructor(private readonly layout: StoreLayout) {}

  async add(partnerId: string, tenantId: string): Promise<void> {
    // Waiting for the list (instead of appending blind) means a first read running now can't miss this customer.
    const known = await this.#known(partnerId);
    if (known.has(tenantId)) return;
    this.#dirReady ??= mkdir(this.layout.partnerCustomersDir, { recursive: true });
    await this.#dirReady;
    await appendFile(this.layout.partnerCustomers(partnerId), `${tenantId}\n`, 'utf-8');
    known.add(tenantId);
  }

  async customersOf(partnerId: string): Promise<string[]> {
    return [...(await this.#known(partnerId))];
  }

  #known(partnerId: string): Promise<Set<string>> {
    let known = this.#cache.get(partnerId);
    if (!known) {
      const loading = readLines(this.layout.partnerCustomers(partnerId)).then((lines) => new Set(lines));
      // A failed read is tried again by the next caller rather than remembered.
      loading.catch(() => { if (this.#cache.get(partnerId) === loading) this.#cache.delete(partnerId); });
      this.#cache.set(partnerId, loading);
      known = loading;
    }
    return known;
  }
}

async function readLines(file: string): Promise<string[]> {
  try {
    // Tenant ids only: a line torn by a crash mid-append is skipped rather than breaking every reader of the list.
    return (await readFile(file, 'utf-8')).split('\n').map((line) => line.trim().toLowerCase()).filter(isTenantId);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
