/**
 * A tiny PNG reader/writer: enough to check and normalise the Teams app icons.
 *
 * Reads: the IHDR header of any PNG; pixels of non-interlaced, 8-bit greyscale, grey+alpha, RGB or RGBA
 * images (all five scanline filters). Writes: 8-bit RGBA, non-interlaced. Nothing else is needed here:
 * headless Chromium screenshots and the icons we commit are 8-bit RGB(A).
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA */
  colorType: number;
  interlace: number;
}

/** Decoded image: `data` holds width*height*4 bytes, RGBA, not premultiplied. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

interface Chunk { type: string; data: Buffer }

function* chunks(png: Buffer): Generator<Chunk> {
  if (png.length < SIGNATURE.length || !png.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('not a PNG file (bad signature)');
  }
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const end = at + 8 + length;
    if (end + 4 > png.length) throw new Error(`truncated PNG chunk ${type}`);
    const data = png.subarray(at + 8, end);
    const expected = png.readUInt32BE(end);
    if (crc32(png.subarray(at + 4, end)) !== expected) throw new Error(`bad CRC in PNG chunk ${type}`);
    yield { type, data };
    if (type === 'IEND') return;
    at = end + 4;
  }
  throw new Error('PNG has no IEND chunk');
}

/** The IHDR header (the first chunk, right after the signature). */
export function readPngInfo(png: Buffer): PngInfo {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG does not start with an IHDR chunk');
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png.readUInt8(24),
    colorType: png.readUInt8(25),
    interlace: png.readUInt8(28),
  };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Decode to RGBA. Throws on anything this reader does not support (rather than guessing). */
export function decodePng(png: Buffer): RgbaImage {
  const info = readPngInfo(png);
  const channels = CHANNELS[info.colorType];
  if (info.bitDepth !== 8 || channels === undefined) {
    throw new Error(`unsupported PNG: bit depth ${info.bitDepth}, colour type ${info.colorType} (need 8-bit grey/RGB/RGBA)`);
  }
  if (info.interlace !== 0) throw new Error('unsupported PNG: interlaced');
  const idat: Buffer[] = [];
  for (const chunk of chunks(png)) if (chunk.type === 'IDAT') idat.push(chunk.data);
  const raw = inflateSync(Buffer.concat(idat));
  const { width, height } = info;
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is too short');

  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] ?? 0;
      const left = x >= channels ? pixels[row + x - channels] ?? 0 : 0;
      const up = y > 0 ? pixels[prev + x] ?? 0 : 0;
      const upLeft = y > 0 && x >= channels ? pixels[prev + x - channels] ?? 0 : 0;
      let out: number;
      switch (filter) {
        case 0: out = value; break;
        case 1: out = value + left; break;
        case 2: out = value + up; break;
        case 3: out = value + ((left + up) >> 1); break;
        case 4: out = value + paeth(left, up, upLeft); break;
        default: throw new Error(`bad PNG filter type ${String(filter)} on row ${y}`);
      }
      pixels[row + x] = out & 0xff;
    }
  }

  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    const d = i * 4;
    const at = (k: number): number => pixels[s + k] ?? 0;
    if (channels === 1 || channels === 2) {
      data[d] = data[d + 1] = data[d + 2] = at(0);
      data[d + 3] = channels === 2 ? at(1) : 255;
    } else {
      data[d] = at(0); data[d + 1] = at(1); data[d + 2] = at(2);
      data[d + 3] = channels === 4 ? at(3) : 255;
    }
  }
  return { width, height, data };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encode 8-bit RGBA, non-interlaced. `filter` picks one scanline filter for every row (0-4; default 0). */
export function encodePng(image: RgbaImage, filter: 0 | 1 | 2 | 3 | 4 = 0): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error('RGBA data length does not match width*height*4');
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const i = y * stride + x;
      const value = data[i] ?? 0;
      const left = x >= 4 ? data[i - 4] ?? 0 : 0;
      const up = y > 0 ? data[i - stride] ?? 0 : 0;
      const upLeft = y > 0 && x >= 4 ? data[i - stride - 4] ?? 0 : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      raw[y * (stride + 1) + 1 + x] = (value - predictor) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // deflate, adaptive filtering, no interlace
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
