import { type TenantState, TenantStateSchema } from '../../domain/model.js';
import { readJournal } from '../../storage/changeJournal.js';
import { StoreLayout, tenantKey } from '../../storage/storeLayout.js';
import { ValidatedJsonFile } from '../../storage/validatedJsonFile.js';

/**
 * A tenant as it is on disk right now, parsed and validated (throws if torn or invalid): its newest state in the
 * journal, else its file. This is what a start-up on the folder would load.
 */
export async function tenantOnDisk(storeDir: string, tenantId: string): Promise<TenantState | undefined> {
  const layout = new StoreLayout(storeDir);
  for (let attempt = 1; ; attempt++) {
    try {
      // The journal first: a checkpoint running now writes the file before it deletes the segment.
      const journaled = readJournal(layout).tenants.get(tenantKey(tenantId))?.state;
      return journaled ?? new ValidatedJsonFile(layout.tenant(tenantId), TenantStateSchema).readSync() ?? undefined;
    } catch (error) {
      // A checkpoint of the running server deleted a segment between listing and reading it: read again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw error;
    }
  }
}

/** The same as plain JSON, for tests that pick fields out of it without the schema's types. */
export async function tenantJsonOnDisk(storeDir: string, tenantId: string): Promise<ReturnType<typeof JSON.parse>> {
  const state = await tenantOnDisk(storeDir, tenantId);
  if (!state) throw new Error(`tenant ${tenantId} is not on disk`);
  return JSON.parse(JSON.stringify(state));
}
