import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { AdaptiveCard } from '../../cards/cardTemplates.js';

/**
 * Renders Adaptive Cards the way Teams does, as far as a test can: the official `adaptivecards` renderer in headless
 * Chromium, with Teams' host config, inside a Teams-like chat frame (card 450 px wide). Used by
 * test/cards/cardRendering.test.ts and cards/renderCardDocs.ts. The browser-side half is cardRenderer.browser.js.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync',
];
/** Width Teams gives a card in a chat on desktop. */
export const CARD_WIDTH = 450;

export type Theme = 'light' | 'dark';
export type HostConfigJson = Record<string, unknown>;

const require = createRequire(import.meta.url);
const RENDERER_SCRIPT = require.resolve('adaptivecards/dist/adaptivecards.min.js');
const PAGE_SCRIPT = fileURLToPath(new URL('./cardRenderer.browser.js', import.meta.url));
const SCHEMA_DIR = new URL('../../cards/schema/', import.meta.url);

/** Teams' own host config (cards/schema/hostconfig.microsoft-teams-<theme>.json), as shipped by microsoft/AdaptiveCards. */
export function teamsHostConfig(theme: Theme): HostConfigJson {
  return JSON.parse(readFileSync(new URL(`hostconfig.microsoft-teams-${theme}.json`, SCHEMA_DIR), 'utf8')) as HostConfigJson;
}

/** Font stack for machines without Segoe UI: Microsoft's open look-alike first, then similar humanist/grotesque fonts. */
export const SEGOE_LIKE_FONTS = "'Segoe UI', 'Segoe UI Web (West European)', Selawik, -apple-system, BlinkMacSystemFont, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif";

/** Teams' host config with the default font family widened to SEGOE_LIKE_FONTS (same sizes, weights and colours). */
export function teamsHostConfigForPictures(theme: Theme): HostConfigJson {
  const config = teamsHostConfig(theme) as { fontTypes?: { default?: { fontFamily?: string } } };
  if (config.fontTypes?.default) config.fontTypes.default.fontFamily = SEGOE_LIKE_FONTS;
  return config as HostConfigJson;
}

export interface RendererEvent {
  event: string;
  phase: string;
  message: string;
}

/** What the official renderer said about a card and what it drew. */
export interface CardRenderReport {
  /** Events the renderer logged while parsing (unknown element/action types, invalid values, unsupported version…). */
  parseEvents: RendererEvent[];
  /** card.validateProperties(): duplicate ids, too many actions, required inputs without label… */
  validationEvents: RendererEvent[];
  /** How many objects of each `type` the card JSON holds, and how many the renderer turned into elements/actions. */
  jsonTypes: Record<string, number>;
  parsedTypes: Record<string, number>;
  /** An exception thrown by parse or render. */
  renderError?: string;
  rendered: boolean;
  width: number;
  height: number;
  /** The rendered card's visible text (innerText). */
  text: string;
  buttons: { title: string; className: string; visible: boolean }[];
  inputs: { type: string; id: string | undefined; label: string | undefined }[];
  domInputs: { tag: string; type: string; ariaLabel: string }[];
  links: { text: string; href: string | null }[];
  /** Text the renderer's markdown made bold. */
  bold: string[];
  /** Text a reader cannot see in full (truncated with an ellipsis, or wider than the card). */
  clipped: string[];
}

/**
 * Why a rendered card is not fit to send, as readable lines; empty when fine. Fails on a parse or render exception,
 * any renderer parse/validation event (unknown element or action type, invalid value, duplicate id, too many
 * actions…), an element or action of the JSON the renderer did not turn into an object, and an empty render.
 * With `clipping`, also on text cut off at Teams' card width.
 */
export function renderProblems(report: CardRenderReport, options: { clipping?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (report.renderError) problems.push(`render error: ${report.renderError}`);
  for (const e of [...report.parseEvents, ...report.validationEvents]) problems.push(`${e.phase} ${e.event}: ${e.message}`);
  for (const [type, count] of Object.entries(report.jsonTypes)) {
    const parsed = report.parsedTypes[type] ?? 0;
    if (parsed !== count) problems.push(`${count} × ${type} in the JSON, ${parsed} rendered`);
  }
  if (!report.rendered) problems.push('nothing rendered');
  else if (report.height < 20 || report.text.trim() === '') problems.push(`empty render (${report.width}×${report.height}, text ${JSON.stringify(report.text)})`);
  if (options.clipping) for (const text of report.clipped) problems.push(`cut off: ${text}`);
  return problems;
}

/** A 1×1 grey PNG. */
const PLACEHOLDER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4CwAA0wDS8u9H0QAAAABJRU5ErkJggg==', 'base64');

const FRAME_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><style>
  :root { --font: ${SEGOE_LIKE_FONTS}; }
  body { margin: 0; font-family: var(--font); font-size: 14px; }
  body[data-theme="light"] {
    --chat-bg: #f5f5f5; --bubble-bg: #ffffff; --fg: #242424; --meta: #616161; --shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12);
    --btn-bg: #ffffff; --btn-border: #d1d1d1; --btn-fg: #242424; --btn-hover: #f5f5f5; --primary: #5b5fc7; --primary-fg: #ffffff;
    --danger: #c4314b; --input-bg: #ffffff; --input-border: #d1d1d1; --input-underline: #616161; --link: #5b5fc7;
  }
  body[data-theme="dark"] {
    --chat-bg: #1f1f1f; --bubble-bg: #2d2c2c; --fg: #ffffff; --meta: #adadad; --shadow: 0 1px 2px rgba(0,0,0,.28), 0 0 2px rgba(0,0,0,.24);
    --btn-bg: #2d2c2c; --btn-border: #666666; --btn-fg: #ffffff; --btn-hover: #3d3d3d; --primary: #4f52b2; --primary-fg: #ffffff;
    --danger: #f1707b; --input-bg: #1f1f1f; --input-border: #5c5c5c; --input-underline: #adadad; --link: #a6a7dc;
  }
  body { background: var(--chat-bg); color: var(--fg); }
  .chat { background: var(--chat-bg); padding: 20px 28px 24px 20px; display: inline-block; }
  .message { display: flex; gap: 10px; align-items: flex-start; margin-bottom: 20px; }
  .message:last-child { margin-bottom: 0; }
  .avatar { flex: none; width: 32px; height: 32px; border-radius: 50%; background: #5b5fc7; color: #fff; font-size: 12px;
    font-weight: 600; display: flex; align-items: center; justify-content: center; margin-top: 22px; }
  .meta { font-size: 12px; color: var(--meta); margin: 0 0 6px 2px; }
  .meta b { color: var(--fg); font-weight: 600; margin-right: 8px; }
  .bubble { width: ${CARD_WIDTH}px; background: var(--bubble-bg); border-radius: 6px; box-shadow: var(--shadow); overflow: hidden; }
  .bubble .ac-adaptiveCard { border-radius: 6px; }
  /* Teams-styled controls: the renderer leaves buttons and inputs to the host's CSS. */
  .bubble .ac-pushButton { font-family: var(--font); font-size: 14px; font-weight: 600; min-height: 32px; padding: 4px 12px;
    border-radius: 4px; border: 1px solid var(--btn-border); background: var(--btn-bg); color: var(--btn-fg); cursor: pointer;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .bubble .ac-pushButton:hover { background: var(--btn-hover); }
  .bubble .ac-pushButton.style-positive { background: var(--primary); border-color: var(--primary); color: var(--primary-fg); }
  .bubble .ac-pushButton.style-destructive { color: var(--danger); border-color: var(--danger); }
  .bubble .ac-input { font-family: var(--font); font-size: 14px; color: var(--fg); }
  .bubble .ac-textInput, .bubble .ac-multichoiceInput.ac-choiceSetInput-compact, .bubble select, .bubble .ac-numberInput,
  .bubble .ac-dateInput, .bubble .ac-timeInput {
    background: var(--input-bg); border: 1px solid var(--input-border); border-bottom-color: var(--input-underline);
    border-radius: 4px; padding: 5px 10px; min-height: 32px; box-sizing: border-box; }
  .bubble textarea.ac-textInput { min-height: 64px; resize: vertical; }
  .bubble input[type="checkbox"], .bubble input[type="radio"] { accent-color: var(--primary); width: 16px; height: 16px; margin: 0 8px 0 0; }
  .bubble a { color: var(--link); text-decoration: none; }
  .bubble .ac-textBlock p { margin: 0; }
  .bubble .ac-textBlock ul, .bubble .ac-textBlock ol { margin: 0; padding-left: 20px; }
</style></head>
<body data-theme="light"><div class="chat" id="chat"></div></body></html>`;

/** What cardRenderer.browser.js puts on the page's window. */
interface PageApi {
  partnerDeskCards: {
    clear(theme: Theme): void;
    renderMessages(cards: Record<string, AdaptiveCard>, hostConfig: HostConfigJson): Record<string, CardRenderReport>;
  };
}

/** One Chromium, one page; cards are rendered into that page as Partner Desk messages. */
export class CardRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    /** Uncaught page errors and console errors/warnings since launch. */
    readonly pageErrors: string[],
  ) {}

  /** Launches headless Chromium. Fails with instructions, not a skip, when Chromium is not installed. */
  static async launch(options: { deviceScaleFactor?: number; executablePath?: string } = {}): Promise<CardRenderer> {
    const executablePath = options.executablePath ?? CHROMIUM_PATH;
    if (!existsSync(executablePath)) {
      throw new Error(`Chromium is not installed at ${executablePath}; card rendering needs a real browser. `
        + 'Install it with `apt-get install -y chromium` (or point CHROMIUM_PATH at a Chromium/Chrome binary).');
    }
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: options.deviceScaleFactor ?? 1 });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(`console ${message.type()}: ${message.text()}`);
      });
      // No network: images a card references get a grey placeholder; nothing else may be fetched.
      await page.route('**/*', (route) => (route.request().resourceType() === 'image'
        ? route.fulfill({ status: 200, contentType: 'image/png', body: PLACEHOLDER_PNG })
        : route.abort()));
      await page.setContent(FRAME_HTML);
      await page.addScriptTag({ path: RENDERER_SCRIPT });
      await page.addScriptTag({ path: PAGE_SCRIPT });
      return new CardRenderer(browser, page, pageErrors);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** Empties the chat and switches the frame's theme. */
  async clear(theme: Theme = 'light'): Promise<void> {
    await this.page.evaluate((t) => (globalThis as unknown as PageApi).partnerDeskCards.clear(t), theme);
  }

  /**
   * Renders each card as a Partner Desk message, in order, below what is already in the chat. Returns one report per
   * card, keyed like `cards`.
   */
  async render(cards: Record<string, AdaptiveCard>, hostConfig: HostConfigJson): Promise<Record<string, CardRenderReport>> {
    return this.page.evaluate(
      ([all, config]) => (globalThis as unknown as PageApi).partnerDeskCards.renderMessages(all, config),
      [cards, hostConfig] as const,
    );
  }

  /** Screenshot of the whole chat frame as PNG. */
  async screenshot(path: string): Promise<void> {
    await this.page.locator('#chat').screenshot({ path, animations: 'disabled' });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
