/**
 * Packs the Teams app: `npm run package [-- --out <file.zip>]`.
 *
 * - reads MicrosoftAppId (required, a GUID: the bot's Entra app id) and BOT_DOMAIN (optional, a host name such
 *   as partner-desk.example.com, added to validDomains) from the environment, or from `.env` in the current
 *   directory (real environment variables win over `.env`);
 * - fills the `${{BOT_ID}}` / `${{BOT_DOMAIN}}` tokens of manifest/manifest.json;
 * - validates the result offline against the official 1.29 schema and checks the icons;
 * - writes build/appPackage/partner-desk.zip (manifest.json, color.png, outline.png at the zip root) and
 *   prints its path.
 * Refuses (exit code 1, message on stderr, no zip written) when anything is missing or invalid.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { iconProblems } from './iconRules.js';
import { manifestSchemaErrors } from './validateManifest.js';

const here = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = resolve(here, '..');
export const MANIFEST_TEMPLATE = join(here, 'manifest.json');
export const DEFAULT_OUT = join(PROJECT_ROOT, 'build', 'appPackage', 'partner-desk.zip');

export const APP_ID_VAR = 'MicrosoftAppId';
export const DOMAIN_VAR = 'BOT_DOMAIN';
export const VERSION_VAR = 'APP_VERSION';
/** The app's version in Teams; an upload only replaces an installed app with a higher one. */
export const DEFAULT_VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VERSION = /^\d{1,5}\.\d{1,5}\.\d{1,5}$/;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** A host name (optionally `*.` wildcard and :port), no scheme, no path. */
const DOMAIN = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}(:\d{1,5})?$|^localhost(:\d{1,5})?$/;
const TOKEN = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A refusal with a message meant for the person running the script. */
export class PackagingError extends Error {
  override name = 'PackagingError';
}

export interface PackageSettings {
  appId: string;
  botDomain?: string | undefined;
  /** x.y.z; package.json's version when not given. */
  appVersion?: string | undefined;
}

/** Reads and checks the settings; throws PackagingError with a clear message when they are unusable. */
export function settingsFrom(env: NodeJS.ProcessEnv): PackageSettings {
  const appId = env[APP_ID_VAR]?.trim();
  if (!appId) {
    throw new PackagingError(
      `${APP_ID_VAR} is not set. Set it to the bot's Microsoft App ID (a GUID such as 00000000-0000-0000-0000-000000000000), ` +
      `in the environment or in a .env file: ${APP_ID_VAR}=<guid>`,
    );
  }
  if (!GUID.test(appId)) {
    throw new PackagingError(`${APP_ID_VAR} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got "${appId}".`);
  }
  const botDomain = env[DOMAIN_VAR]?.trim() || undefined;
  if (botDomain !== undefined && !DOMAIN.test(botDomain)) {
    throw new PackagingError(`${DOMAIN_VAR} must be a host name such as partner-desk.example.com (no https://, no path), got "${botDomain}".`);
  }
  const appVersion = env[VERSION_VAR]?.trim() || DEFAULT_VERSION;
  if (!VERSION.test(appVersion)) {
    throw new PackagingError(`${VERSION_VAR} must be a version such as 1.2.0 (three numbers), got "${appVersion}".`);
  }
  return { appId, botDomain, appVersion };
}

/**
 * Replaces `${{NAME}}` tokens in every string of the template. An array element that is just a token for an
 * unset optional value (BOT_DOMAIN) is dropped; any other unresolved token is an error.
 */
export function fillManifest(template: unknown, settings: PackageSettings): unknown {
  const values: Record<string, string | undefined> = { BOT_ID: settings.appId, BOT_DOMAIN: settings.botDomain, APP_VERSION: settings.appVersion ?? DEFAULT_VERSION };
  const optional = new Set(['BOT_DOMAIN']);
  const unresolved = new Set<string>();
  const fill = (text: string): string => text.replace(TOKEN, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) { unresolved.add(name); return whole; }
    return value;
  });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return fill(node);
    if (Array.isArray(node)) {
      return node
        .filter((item) => {
          const only = typeof item === 'string' ? /^\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(item) : null;
          return !(only?.[1] && optional.has(only[1]) && values[only[1]] === undefined);
        })
        .map(walk);
    }
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
    }
    return node;
  };
  const filled = walk(template);
  if (unresolved.size > 0) {
    throw new PackagingError(`manifest.json has tokens with no value: ${[...unresolved].map((n) => `\${{${n}}}`).join(', ')}`);
  }
  return filled;
}

interface ManifestIcons { icons?: { color?: unknown; outline?: unknown } }

/** Builds, validates and writes the app package; returns the zip's absolute path. */
export async function packageApp(settings: PackageSettings, outFile: string = DEFAULT_OUT): Promise<string> {
  const template = JSON.parse(await readFile(MANIFEST_TEMPLATE, 'utf8')) as unknown;
  const manifest = fillManifest(template, settings);

  const schemaErrors = manifestSchemaErrors(manifest);
  if (schemaErrors.length > 0) {
    throw new PackagingError(`the manifest does not match the Teams 1.29 schema:\n- ${schemaErrors.join('\n- ')}`);
  }

  const { icons } = manifest as ManifestIcons;
  const iconFiles = [icons?.color, icons?.outline];
  const [colorFile, outlineFile] = iconFiles;
  if (typeof colorFile !== 'string' || typeof outlineFile !== 'string') throw new PackagingError('manifest.json must name icons.color and icons.outline');
  for (const file of iconFiles as string[]) {
    if (file.includes('/') || file.includes('\\')) throw new PackagingError(`icon "${file}" must sit at the package root (no folders)`);
    if (!existsSync(join(here, file))) throw new PackagingError(`icon ${join(here, file)} is missing; run npm run icons`);
  }
  const color = await readFile(join(here, colorFile));
  const outline = await readFile(join(here, outlineFile));
  const problems = iconProblems(color, outline);
  if (problems.length > 0) throw new PackagingError(`the icons do not meet Teams' rules:\n- ${problems.join('\n- ')}`);

  const zip = new JSZip();
  const date = new Date('2000-01-01T00:00:00Z'); // fixed timestamps: same inputs, same bytes
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  zip.file(colorFile, color, { date });
  zip.file(outlineFile, outline, { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });

  const target = resolve(outFile);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, bytes);
  return target;
}

function outArgument(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--out' || a.startsWith('--out='));
  if (i < 0) return undefined;
  const arg = argv[i] ?? '';
  const value = arg.startsWith('--out=') ? arg.slice('--out='.length) : argv[i + 1];
  if (!value) throw new PackagingError('--out needs a file path, e.g. --out build/appPackage/partner-desk.zip');
  return value;
}

async function main(): Promise<void> {
  const envFile = resolve('.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile); // does not override variables already set
  const out = outArgument(process.argv.slice(2));
  const path = await packageApp(settingsFrom(process.env), out);
  console.log(path);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    if (error instanceof PackagingError) console.error(`Cannot package the Teams app: ${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  });
}
