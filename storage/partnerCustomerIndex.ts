import { appendFile, mkdir, readFile } from 'node:fs/promises';
import type { StoreLayout } from './storeLayout.js';

/**
 * Which customer tenants each partner has dealt with. Append-only, one line per first contact, written before the
 * tenant change that introduces the partner: after a crash it may list a customer with nothing for the partner
 * (readers skip those), never miss one. Appending costs the same however many tenants exist.
 */
export class PartnerCustomerIndex {
  readonly #cache = new Map<string, Set<string>>();
  #dirReady: Promise<unknown> | undefined;

  constructor(private readonly layout: StoreLayout) {}

  async add(partnerId: string, tenantId: string): Promise<void> {
    const known = this.#cache.get(partnerId);
    if (known?.has(tenantId)) return;
    this.#dirReady ??= mkdir(this.layout.partnerCustomersDir, { recursive: true });
    await this.#dirReady;
    await appendFile(this.layout.partnerCustomers(partnerId), `${tenantId}\n`, 'utf-8');
    known?.add(tenantId);
  }

  async customersOf(partnerId: string): Promise<string[]> {
    let known = this.#cache.get(partnerId);
    if (!known) {
      known = new Set(await readLines(this.layout.partnerCustomers(partnerId)));
      this.#cache.set(partnerId, known);
    }
    return [...known];
  }
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf-8')).split('\n').map((line) => line.trim()).filter(Boolean);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
