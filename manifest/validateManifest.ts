/**
 * Offline validation of a Teams app manifest against the official 1.29 schema (draft-04), kept in
 * manifest/schema/ (MIT, see the LICENSE beside it).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvDraft04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// CommonJS packages: under NodeNext the default import is module.exports; both also export themselves as .default.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

export const MANIFEST_VERSION = '1.29';
export const SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), 'schema', `MicrosoftTeams.v${MANIFEST_VERSION}.schema.json`);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    // strict: false — the official schema uses a few keywords outside draft-04 (e.g. "const", "deprecated")
    // that Ajv still understands or may ignore; it must not reject the schema for them.
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra = error.keyword === 'additionalProperties'
    ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
    : error.keyword === 'enum'
      ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
      : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/** Schema errors as readable lines; empty when the manifest is valid. Also insists on manifestVersion/$schema 1.29. */
export function manifestSchemaErrors(manifest: unknown): string[] {
  const validate = validator();
  const errors = validate(manifest) ? [] : (validate.errors ?? []).map(describe);
  if (typeof manifest === 'object' && manifest !== null) {
    const m = manifest as Record<string, unknown>;
    if (m.manifestVersion !== MANIFEST_VERSION) errors.push(`/manifestVersion must be "${MANIFEST_VERSION}"`);
    if (m.$schema !== SCHEMA_URL) errors.push(`/$schema must be ${SCHEMA_URL}`);
  }
  return [...new Set(errors)];
}
