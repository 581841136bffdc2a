/**
 * Regenerates the Teams app icons: `npm run icons`.
 *
 * Renders two SVGs in headless Chromium (playwright-core) and writes
 *   manifest/color.png   192×192, a square (Teams rounds the corners itself) in the accent colour, fully opaque,
 *                        with a white shield and check mark as the symbol: 96×96 centred, i.e. 48px padding;
 *   manifest/outline.png  32×32, the same shield in white on a transparent background, no padding.
 * The screenshots are then normalised with the tiny PNG codec in ./png.ts: colour made fully opaque; outline
 * made strictly white-only (anti-aliasing kept as alpha), as Teams requires.
 *
 * Needs a Chromium: CHROMIUM_PATH, else /usr/bin/chromium (Debian: `apt-get install -y chromium`).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE, iconProblems } from './iconRules.js';
import { decodePng, encodePng, type RgbaImage } from './png.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Manifest { accentColor: string }

/** The shield: bounding box x 46..146, y 34..160 (100×126). */
const SHIELD = 'M96 34 L146 52 V92 C146 124 124 148 96 160 C68 148 46 124 46 92 V52 Z';
const SHIELD_BOX = { x: 46, y: 34, width: 100, height: 126 };
/** Teams: the colour icon's symbol is 96×96 inside the 192×192 square (48px padding for its crops). */
const SYMBOL_SIZE = 96;
/** The check mark inside it. */
const CHECK = 'M72 96 L89 113 L121 79';

export function colorSvg(accent: string): string {
  const scale = SYMBOL_SIZE / Math.max(SHIELD_BOX.width, SHIELD_BOX.height);
  const cx = SHIELD_BOX.x + SHIELD_BOX.width / 2;
  const cy = SHIELD_BOX.y + SHIELD_BOX.height / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${COLOR_ICON_SIZE}" height="${COLOR_ICON_SIZE}" viewBox="0 0 192 192">
  <rect width="192" height="192" fill="${accent}"/>
  <g transform="translate(96 96) scale(${scale}) translate(${-cx} ${-cy})">
    <path d="${SHIELD}" fill="#FFFFFF"/>
    <path d="${CHECK}" fill="none" stroke="${accent}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
</svg>`;
}

/** Same drawing, the check cut out of the shield; the viewBox is the shield's box, so no padding (Teams rule). */
export function outlineSvg(): string {
  const { x, y, width, height } = SHIELD_BOX;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OUTLINE_ICON_SIZE}" height="${OUTLINE_ICON_SIZE}" viewBox="${x} ${y} ${width} ${height}">
  <defs>
    <mask id="cut" maskUnits="userSpaceOnUse" x="0" y="0" width="192" height="192">
      <rect width="192" height="192" fill="#FFFFFF"/>
      <path d="${CHECK}" fill="none" stroke="#000000" stroke-width="16" stroke-linecap="round" stroke-linejoin="round"/>
    </mask>
  </defs>
  <path d="${SHIELD}" fill="#FFFFFF" mask="url(#cut)"/>
</svg>`;
}

/** Every visible pixel becomes pure white; fully transparent pixels become transparent black. */
export function whiteOnly(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const visible = (data[i + 3] ?? 0) > 0;
    data[i] = data[i + 1] = data[i + 2] = visible ? 255 : 0;
  }
  return { ...image, data };
}

export function opaque(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { ...image, data };
}

async function main(): Promise<void> {
  const manifest = JSON.parse(await readFile(join(here, 'manifest.json'), 'utf8')) as Manifest;
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const render = async (svg: string, size: number): Promise<RgbaImage> => {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`);
      const shot = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true, type: 'png' });
      await page.close();
      return decodePng(shot);
    };
    const color = encodePng(opaque(await render(colorSvg(manifest.accentColor), COLOR_ICON_SIZE)), 4);
    const outline = encodePng(whiteOnly(await render(outlineSvg(), OUTLINE_ICON_SIZE)), 4);
    const problems = iconProblems(color, outline);
    if (problems.length > 0) throw new Error(`generated icons are not valid:\n- ${problems.join('\n- ')}`);
    await writeFile(join(here, 'color.png'), color);
    await writeFile(join(here, 'outline.png'), outline);
    console.log(`wrote ${join(here, 'color.png')} and ${join(here, 'outline.png')}`);
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
