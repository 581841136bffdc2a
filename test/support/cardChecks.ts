/**
 * Offline checks of Adaptive Card JSON: the official Adaptive Card 1.5 schema (draft-06, kept in cards/schema/, MIT,
 * see the LICENSE beside it) and the rules Teams adds on top that the schema does not express.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

// CommonJS packages: under NodeNext the default import is module.exports; both also export themselves as .default.
const Ajv = ajvModule.default;
const addFormats = ajvFormats.default;
const require = createRequire(import.meta.url);

export const CARD_SCHEMA_PATH = new URL('../../cards/schema/adaptive-card.v1.5.schema.json', import.meta.url);
/** Teams refuses messages over about 28 KB; a card has to leave room for the rest of the activity. */
export const TEAMS_CARD_BYTE_LIMIT = 28 * 1024;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const { id, ...schema } = JSON.parse(readFileSync(CARD_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    // strict: false — the official schema carries keywords Ajv does not know (e.g. "version", "features") as annotations.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>);
    // The schema names itself with draft-04's "id"; Ajv 8 only accepts "$id" (same meaning in draft-06).
    compiled = ajv.compile({ ...schema, $id: String(id) });
  }
  return compiled;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as { additionalProperty?: unknown; allowedValues?: unknown; missingProperty?: unknown };
  const extra = params.additionalProperty !== undefined ? ` (${String(params.additionalProperty)})`
    : params.allowedValues !== undefined ? ` (${JSON.stringify(params.allowedValues)})`
      : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/**
 * Schema errors as readable lines; empty when the card is a valid Adaptive Card 1.5. The schema's anyOf/allOf over
 * element types reports every branch that did not match, so a single mistake can give several lines.
 */
export function cardSchemaErrors(card: unknown): string[] {
  const validate = validator();
  return validate(card) ? [] : [...new Set((validate.errors ?? []).map(describeError))];
}

type Visit = (node: Record<string, unknown>, path: string) => void;

function walk(node: unknown, visit: Visit, path = ''): void {
  if (Array.isArray(node)) node.forEach((item, i) => walk(item, visit, `${path}/${i}`));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>, path || '(root)');
    for (const [key, value] of Object.entries(node)) walk(value, visit, `${path}/${key}`);
  }
}

/**
 * What the schema cannot see but Teams or the bot needs: version 1.5, no template expression left unexpanded
 * (`${...}`), a verb on every Action.Execute, unique input ids, and a size Teams will deliver. Empty when fine.
 */
export function cardRuleProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  const record = card as Record<string, unknown> | null;
  if (record?.['version'] !== '1.5') problems.push(`version is ${JSON.stringify(record?.['version'])}, expected "1.5" (what Teams renders)`);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes >= TEAMS_CARD_BYTE_LIMIT) problems.push(`card is ${bytes} bytes, over Teams' ${TEAMS_CARD_BYTE_LIMIT}-byte limit`);
  const ids = new Map<string, string>();
  walk(card, (node, path) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && value.includes('${')) problems.push(`${path}/${key} has an unexpanded template expression: ${value}`);
      if (key.startsWith('$') && key !== '$schema') problems.push(`${path} keeps the templating keyword ${key}`);
    }
    if (node['type'] === 'Action.Execute' && (typeof node['verb'] !== 'string' || node['verb'].trim() === '')) {
      problems.push(`${path} is an Action.Execute without a verb`);
    }
    if (typeof node['type'] === 'string' && node['type'].startsWith('Input.')) {
      const id = node['id'];
      if (typeof id !== 'string' || id === '') problems.push(`${path} is an ${node['type']} without an id`);
      else if (ids.has(id)) problems.push(`${path} reuses input id "${id}" (already at ${ids.get(id)})`);
      else ids.set(id, path);
    }
  });
  return problems;
}
