import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { iconProblems } from '../../manifest/iconRules.js';
import { decodePng, encodePng, readPngInfo, type RgbaImage } from '../../manifest/png.js';

const manifestDir = join(import.meta.dirname, '..', '..', 'manifest');
const colorPng = readFileSync(join(manifestDir, 'color.png'));
const outlinePng = readFileSync(join(manifestDir, 'outline.png'));
const accent = (JSON.parse(readFileSync(join(manifestDir, 'manifest.json'), 'utf8')) as { accentColor: string }).accentColor;

/** IHDR read straight from the bytes, independent of ../../manifest/png.ts. */
function ihdr(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * 4;
  return [...image.data.subarray(at, at + 4)];
}

describe('app icons', () => {
  it('color.png is 192×192 and outline.png is 32×32', () => {
    assert.deepEqual(ihdr(colorPng), { width: 192, height: 192 });
    assert.deepEqual(ihdr(outlinePng), { width: 32, height: 32 });
  });

  it('outline.png is white only on a transparent background', () => {
    const image = decodePng(outlinePng);
    let visible = 0;
    let opaqueWhite = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b, a] = image.data.subarray(i, i + 4);
      if (a === 0) continue;
      visible++;
      assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4} (alpha ${String(a)}) must be #FFFFFF`);
      if (a === 255) opaqueWhite++;
    }
    assert.ok(opaqueWhite > 200, `a real glyph, not a few specks (${opaqueWhite} opaque pixels)`);
    assert.ok(visible < 32 * 32 * 0.8, 'mostly glyph but with a transparent background');
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]] as const) assert.equal(pixel(image, x, y)[3], 0, `corner ${x},${y} is transparent`);
    assert.deepEqual(iconProblems(colorPng, outlinePng), []);
  });

  it('color.png is a full-colour, fully opaque square in the accent colour with a white symbol', () => {
    const image = decodePng(colorPng);
    const hex = accent.slice(1);
    const accentRgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    for (let i = 3; i < image.data.length; i += 4) assert.equal(image.data[i], 255, 'fully opaque');
    for (const [x, y] of [[0, 0], [191, 0], [0, 191], [191, 191], [20, 96]] as const) {
      assert.deepEqual(pixel(image, x, y).slice(0, 3), accentRgb, `background at ${x},${y} is the accent colour`);
    }
    const colours = new Set<string>();
    let white = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const rgb = [...image.data.subarray(i, i + 3)];
      colours.add(rgb.join(','));
      if (rgb.every((c) => c === 255)) white++;
    }
    assert.ok(white > 2000, `a white symbol (${white} white pixels)`);
    assert.ok(colours.size > 2, 'anti-aliased, not a flat block');
  });

  describe('the PNG codec and the icon rules (so the checks above can fail)', () => {
    const checker: RgbaImage = { width: 3, height: 2, data: new Uint8Array([
      255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0,
      10, 20, 30, 40, 250, 240, 230, 220, 1, 2, 3, 4,
    ]) };

    for (const filter of [0, 1, 2, 3, 4] as const) {
      it(`round-trips RGBA pixels through scanline filter ${filter}`, () => {
        const png = encodePng(checker, filter);
        assert.deepEqual(readPngInfo(png), { width: 3, height: 2, bitDepth: 8, colorType: 6, interlace: 0 });
        assert.deepEqual(decodePng(png), checker);
      });
    }

    it('decodes an 8-bit RGB PNG built by hand as opaque', () => {
      const crc = (b: Buffer): Buffer => { const o = Buffer.alloc(4); o.writeUInt32BE(crc32(b)); return o; };
      const chunk = (type: string, data: Buffer): Buffer => {
        const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        return Buffer.concat([len, body, crc(body)]);
      };
      const header = Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
      const raw = Buffer.from([1, 10, 20, 30, 5, 5, 5]); // "sub" filter: second pixel = first + 5
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
      assert.deepEqual([...decodePng(png).data], [10, 20, 30, 255, 15, 25, 35, 255]);
    });

    it('rejects a file that is not a PNG, or a corrupted one', () => {
      assert.throws(() => decodePng(Buffer.from('GIF89a not a png at all, really not')), /not a PNG/);
      const broken = Buffer.from(outlinePng);
      broken[45] = (broken[45] ?? 0) ^ 0xff; // inside the IDAT data: its CRC no longer matches
      assert.throws(() => decodePng(broken), /bad CRC in PNG chunk IDAT/);
    });

    it('flags an outline icon with a grey pixel, an opaque background, or the wrong size', () => {
      const outline = decodePng(outlinePng);
      const grey = new Uint8Array(outline.data);
      const firstVisible = grey.findIndex((v, i) => i % 4 === 3 && v > 0) - 3;
      grey[firstVisible] = 128;
      assert.match(iconProblems(colorPng, encodePng({ ...outline, data: grey })).join('\n'), /white only: 1 visible pixels/);

      const filled = new Uint8Array(outline.data).fill(255);
      assert.match(iconProblems(colorPng, encodePng({ ...outline, data: filled })).join('\n'), /no transparent background/);

      assert.match(iconProblems(outlinePng, colorPng).join('\n'), /color\.png must be 192×192, is 32×32/);
      assert.match(iconProblems(colorPng, colorPng).join('\n'), /outline\.png must be 32×32, is 192×192/);
    });
  });
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
