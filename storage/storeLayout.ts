import path from 'node:path';
import { isPartnerId, isTenantId } from '../domain/model.js';

/**
 * Where everything lives under the store folder. One file per tenant keeps the cost of a change independent of how
 * many tenants are stored; the small shared files are read once at start-up.
 *
 *   meta.json                      schema version of the whole store
 *   directory.json                 the partner directory
 *   outbox-pending.json            tenants whose outbox may hold undelivered notifications
 *   journal/<sequence>.log         changes not yet folded into the tenant files: one line per change, newest last
 *   tenants/<tenant id>.json       one tenant: users and roles, invitations, relationships, audit, outbox, chats
 *   partner-customers/<id>.txt     append-only: customer tenants each partner has dealt with
 */
export class StoreLayout {
  constructor(readonly root: string) {}

  get meta(): string { return path.join(this.root, 'meta.json'); }
  get directory(): string { return path.join(this.root, 'directory.json'); }
  get outboxPending(): string { return path.join(this.root, 'outbox-pending.json'); }
  get tenantsDir(): string { return path.join(this.root, 'tenants'); }
  get partnerCustomersDir(): string { return path.join(this.root, 'partner-customers'); }
  get journalDir(): string { return path.join(this.root, 'journal'); }

  journalSegment(sequence: number): string {
    return path.join(this.journalDir, `${String(sequence).padStart(10, '0')}.log`);
  }

  tenant(tenantId: string): string {
    return path.join(this.tenantsDir, `${tenantKey(tenantId)}.json`);
  }

  partnerCustomers(partnerId: string): string {
    if (!isPartnerId(partnerId)) throw new Error(`not a partner id: ${JSON.stringify(partnerId)}`);
    return path.join(this.partnerCustomersDir, `${partnerId}.txt`);
  }
}

/** The store's key for a tenant: its GUID in lower case. Anything else is refused, so no id can name another path. */
export function tenantKey(tenantId: string): string {
  if (!isTenantId(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return tenantId.toLowerCase();
}
