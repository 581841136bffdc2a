import { z } from 'zod4';
import { type TenantState, TenantStateSchema } from '../domain/model.js';
import { ValidatedJsonFile } from './validatedJsonFile.js';

/**
 * A tenant file: the tenant's state, and how many of its journaled changes the state includes (`journaled`, absent
 * in files from before journal lines were counted, and in files written without a journal: none). Every journal line
 * carries its change's number for that tenant, so start-up replays exactly the lines a file does not hold yet, each on
 * the very state it was made from: a checkpoint interrupted after writing a file but before deleting the journal
 * segments it came from leaves lines that the file already holds, and a line may name entries of the state before it.
 */
export const TenantFileSchema = TenantStateSchema.extend({ journaled: z.number().int().nonnegative().optional() });
type TenantFile = z.infer<typeof TenantFileSchema>;

export interface StoredTenant {
  state: TenantState;
  journaled: number;
}

export function tenantFile(filename: string): ValidatedJsonFile<TenantFile> {
  return new ValidatedJsonFile<TenantFile>(filename, TenantFileSchema);
}

/** The state a tenant file holds, without the count of changes, and that count (0 when it has none). */
export function storedTenant(file: TenantFile): StoredTenant {
  const { journaled, ...state } = file;
  return { state, journaled: journaled ?? 0 };
}

/** What a tenant file holds for a state that includes the first `journaled` journaled changes of its tenant. */
export function tenantFileOf(state: TenantState, journaled: number): TenantFile {
  return journaled > 0 ? { ...state, journaled } : state;
}
