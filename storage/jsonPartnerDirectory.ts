import { Low } from 'lowdb';
import type { Partner, PartnerDirectoryFile } from '../domain/model.js';
import { DIRECTORY_SCHEMA_VERSION, PartnerDirectorySchema } from '../domain/model.js';
import type { PartnerDirectory } from '../domain/ports.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { ValidatedJsonFile } from './validatedJsonFile.js';

/** The partner directory, read once from directory.json and indexed for the lookups every turn makes. */
export class JsonPartnerDirectory implements PartnerDirectory {
  readonly #partners: readonly Partner[];
  readonly #byId = new Map<string, Partner>();
  readonly #byTenant = new Map<string, Partner[]>();

  constructor(partners: readonly Partner[]) {
    this.#partners = partners;
    for (const partner of partners) {
      this.#byId.set(partner.id, partner);
      const key = partner.tenantId.toLowerCase();
      this.#byTenant.set(key, [...(this.#byTenant.get(key) ?? []), partner]);
    }
  }

  /** Reads directory.json, which every store has from its creation: a missing one is refused, not read as empty. */
  static async load(file: string): Promise<JsonPartnerDirectory> {
    const data = await new ValidatedJsonFile(file, PartnerDirectorySchema).read();
    if (data === null) throw new StoreFileInvalidError(file, 'it is missing; without it every partner would be unknown');
    const seen = new Set<string>();
    for (const partner of data.partners) {
      if (seen.has(partner.id)) throw new StoreFileInvalidError(file, `partner id "${partner.id}" appears twice`);
      seen.add(partner.id);
    }
    return new JsonPartnerDirectory(data.partners);
  }

  static async save(file: string, partners: Partner[]): Promise<void> {
    const db = new Low<PartnerDirectoryFile>(new ValidatedJsonFile(file, PartnerDirectorySchema), { schemaVersion: DIRECTORY_SCHEMA_VERSION, partners });
    await db.write();
  }

  all(): readonly Partner[] {
    return this.#partners;
  }

  byId(partnerId: string): Partner | undefined {
    return this.#byId.get(partnerId);
  }

  byTenant(tenantId: string): Partner[] {
    return this.#byTenant.get(tenantId.toLowerCase()) ?? [];
  }
}
