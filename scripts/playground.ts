/**
 * `npm run playground [-- --as KEY] [--port N] [--endpoint URL]`: Microsoft 365 Agents Playground, a local Teams-like
 * chat in the browser, talking to the bot that `npm start` runs. See docs/playground.md.
 *
 * The playground sends as one person per run, so `--as` picks who: a Northwind demo user (jane, the default; bill,
 * hana, reza, pat) or a partner's staff member (adatum, contoso, ...). Jane uses .m365agentsplayground.yml as is;
 * anyone else a copy generated into the temp folder.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_PERSONA, findPersona, PERSONAS, playgroundConfigYaml } from './playgroundConfig.js';

const DEFAULT_ENDPOINT = 'http://localhost:3978/api/messages';
const DEFAULT_PORT = 56150;

function usage(): string {
  const rows = PERSONAS.map((p) => `  ${p.key.padEnd(10)} ${p.person.name.padEnd(14)} ${p.plays}`);
  return [
    'Usage: npm run playground [-- --as KEY] [--port N] [--endpoint URL]',
    '',
    `  --as KEY        who the playground sends as (default ${DEFAULT_PERSONA}; env PLAYGROUND_USER):`,
    ...rows,
    `  --port N        the playground's web port (default ${DEFAULT_PORT}; env TEAMSAPPTESTER_PORT)`,
    `  --endpoint URL  the bot's messaging endpoint (default ${DEFAULT_ENDPOINT}; env BOT_ENDPOINT)`,
    '',
    'Environment: TEAMSAPPTESTER_BROWSER=none stops the playground opening a browser (set for you when there is no display).',
  ].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      as: { type: 'string', default: process.env['PLAYGROUND_USER'] || DEFAULT_PERSONA },
      port: { type: 'string', default: process.env['TEAMSAPPTESTER_PORT'] || String(DEFAULT_PORT) },
      endpoint: { type: 'string', default: process.env['BOT_ENDPOINT'] || DEFAULT_ENDPOINT },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const persona = findPersona(values.as);
  if (!persona) {
    process.stderr.write(`Unknown user "${values.as}".\n\n${usage()}\n`);
    process.exit(2);
  }
  if (!/^\d+$/.test(values.port)) {
    process.stderr.write(`--port must be a number, not "${values.port}".\n`);
    process.exit(2);
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  if (persona.key === DEFAULT_PERSONA) {
    // The committed file, wherever this is started from (unless someone points the playground at their own).
    env['M365_AGENTS_PLAYGROUND_CONFIG_PATH'] ??= fileURLToPath(new URL('../.m365agentsplayground.yml', import.meta.url));
  } else {
    const dir = path.join(tmpdir(), 'partner-desk-playground');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${persona.key}.m365agentsplayground.yml`);
    writeFileSync(file, playgroundConfigYaml(persona));
    env['M365_AGENTS_PLAYGROUND_CONFIG_PATH'] = file;
  }
  // Without a display (a server, a container, CI) there is no browser to open: say so rather than try.
  const headless = process.env['CI'] === 'true' || (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']);
  if (env['TEAMSAPPTESTER_BROWSER'] === undefined && headless) env['TEAMSAPPTESTER_BROWSER'] = 'none';

  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(process.execPath, [cli, '--app-endpoint', values.endpoint, '--channel-id', 'msteams', '--port', values.port, '--disable-telemetry'], {
    env,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let announced = false;
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const port = /Listening on (\d+)/.exec(chunk.toString())?.[1];
    if (port && !announced) {
      announced = true;
      process.stdout.write(
        `Agents Playground: open http://localhost:${port} — sending as ${persona.person.name}, ${persona.plays}.\n`
        + `Bot endpoint: ${values.endpoint} (start it with \`npm start\` in another terminal). Ctrl+C to stop.\n`,
      );
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
