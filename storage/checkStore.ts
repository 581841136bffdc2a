import { realpathSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod4';
import type { TenantState } from '../domain/model.js';
import { isTenantId, PartnerIdSchema, TenantStateSchema } from '../domain/model.js';
import { JsonPartnerDirectory } from './jsonPartnerDirectory.js';
import { readJournal } from './changeJournal.js';
import { partnersIn } from './jsonTenantStore.js';
import { MetaSchema } from './openStore.js';
import { OutboxPendingSchema } from './outboxPendingIndex.js';
import { StoreFileInvalidError } from './storeErrors.js';
import { StoreLayout, tenantKey } from './storeLayout.js';
import { ValidatedJsonFile } from './validatedJsonFile.js';

/**
 * Checks a store folder without writing anything: every file the store reads must load, and the indexes must list
 * what the tenant files need (a missing entry loses notifications or customers; an extra one is harmless). Run it
 * before starting the bot on a folder restored from a backup, or after editing a file by hand:
 *
 *   npm run store:check -- ./data        (or STORE_DIR=./data npm run store:check)
 */

export interface StoreCheck {
  tenantFiles: number;
  /** Tenants changed since the last checkpoint: their newest state is in the journal, and start-up writes it out. */
  journaledTenants: number;
  problems: string[];
}

export async function checkStore(root: string): Promise<StoreCheck> {
  const layout = new StoreLayout(root);
  const problems: string[] = [];
  const check: StoreCheck = { tenantFiles: 0, journaledTenants: 0, problems };

  const rootEntries = await listDir(root);
  if (rootEntries === undefined) {
    problems.push(`${root}: no store folder here`);
    return check;
  }
  const meta = await readValidated(layout.meta, MetaSchema, problems);
  if (meta === null) {
    const data = rootEntries.filter((name) => !name.startsWith('.'));
    problems.push(data.length > 0
      ? `${layout.meta}: missing, but the folder holds ${data.join(', ')}; the store would refuse to start`
      : `${root}: no store here yet (empty folder)`);
    if (data.length === 0) return check;
  }

  try {
    await JsonPartnerDirectory.load(layout.directory);
  } catch (error) {
    problems.push(describe(layout.directory, error));
  }

  const pending = await readValidated(layout.outboxPending, OutboxPendingSchema, problems);
  const pendingTenants = new Set((pending?.tenants ?? []).map((id) => id.toLowerCase()));

  const partnerCustomers = await checkPartnerCustomers(layout, problems);
  const journaled = checkJournal(layout, problems);
  check.journaledTenants = journaled.size;

  for (const name of (await listDir(layout.tenantsDir)) ?? []) {
    if (name.startsWith('.')) continue; // a temp file left by an interrupted write; the store never reads it
    const file = path.join(layout.tenantsDir, name);
    const key = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
    if (!isTenantId(key) || tenantKey(key) !== key || !(await stat(file)).isFile()) {
      problems.push(`${file}: not a tenant file (tenants/<lower-case tenant id>.json); the store never reads it`);
      continue;
    }
    check.tenantFiles += 1;
    const state: TenantState | null | undefined = await readValidated(file, TenantStateSchema, problems);
    if (!state) continue;
    if (state.tenant.id.toLowerCase() !== key) {
      problems.push(`${file}: holds tenant ${state.tenant.id}, not ${key}`);
      continue;
    }
    // Start-up lists a tenant the journal holds in the indexes as it folds it in; its file is older anyway.
    if (journaled.has(key)) continue;
    if (state.outbox.length > 0 && !pendingTenants.has(key)) {
      problems.push(`${file}: has ${state.outbox.length} undelivered notification(s) but ${path.basename(layout.outboxPending)} does not list it; they would never be sent`);
    }
    for (const partnerId of partnersIn(state)) {
      if (!partnerCustomers.get(partnerId)?.has(key)) {
        problems.push(`${file}: deals with partner ${partnerId} but ${path.relative(root, layout.partnerCustomersDir)}/${partnerId}.txt does not list it; the partner would not see this customer`);
      }
    }
  }
  return check;
}

/** The tenants in the journal; a damaged segment is a problem (start-up would refuse it). */
function checkJournal(layout: StoreLayout, problems: string[]): Set<string> {
  try {
    return new Set(readJournal(layout).tenants.keys());
  } catch (error) {
    problems.push(describe(layout.journalDir, error));
    return new Set();
  }
}

/** Reads every partner-customers/<partner>.txt; each line must be a tenant id. */
async function checkPartnerCustomers(layout: StoreLayout, problems: string[]): Promise<Map<string, Set<string>>> {
  const index = new Map<string, Set<string>>();
  for (const name of (await listDir(layout.partnerCustomersDir)) ?? []) {
    const file = path.join(layout.partnerCustomersDir, name);
    const partnerId = name.endsWith('.txt') ? name.slice(0, -'.txt'.length) : '';
    if (!PartnerIdSchema.safeParse(partnerId).success) {
      if (!name.startsWith('.')) problems.push(`${file}: not a partner index file (<partner id>.txt); the store never reads it`);
      continue;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf-8');
    } catch (error) {
      problems.push(describe(file, error));
      continue;
    }
    const customers = new Set<string>();
    text.split('\n').forEach((line, i) => {
      const id = line.trim();
      if (id === '') return;
      if (isTenantId(id)) customers.add(id.toLowerCase());
      else problems.push(`${file}: line ${i + 1} is not a tenant id: ${JSON.stringify(id.slice(0, 80))}`);
    });
    index.set(partnerId, customers);
  }
  return index;
}

/** The file's validated content, null when it does not exist, undefined (and a problem) when it can't be used. */
async function readValidated<T>(file: string, schema: z.ZodType<T>, problems: string[]): Promise<T | null | undefined> {
  try {
    return await new ValidatedJsonFile<T>(file, schema).read();
  } catch (error) {
    problems.push(describe(file, error));
    return undefined;
  }
}

function describe(file: string, error: unknown): string {
  if (error instanceof StoreFileInvalidError) return `${error.file}: ${error.problem}`;
  return `${file}: can't be read (${(error as Error).message})`;
}

/** The names in a folder, or undefined when there is no such folder. */
async function listDir(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? process.env['STORE_DIR'] ?? './data');
  let check: StoreCheck;
  try {
    check = await checkStore(root);
  } catch (error) {
    check = { tenantFiles: 0, journaledTenants: 0, problems: [describe(root, error)] };
  }
  for (const problem of check.problems) console.log(problem);
  if (check.journaledTenants > 0) console.log(`the journal holds newer changes to ${check.journaledTenants} tenant(s); the next start-up writes them to their files`);
  console.log(`checked ${check.tenantFiles} tenant files, ${check.problems.length} problems`);
  process.exitCode = check.problems.length > 0 ? 1 : 0;
}

// Run as a program (not when imported): the file tsx was asked to run is this one.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(path.resolve(process.argv[1]))) await main();
