import { inflateSync } from 'node:zlib';

/**
 * Teams rejects an app whose icons are the wrong size, and renders an outline icon that is not
 * white on transparent as a blot. These checks catch both before upload. Only what Teams asks for is
 * read: the PNG header, and for the outline icon its pixels.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  idat: Buffer;
}

function readPng(data: Buffer): Png | string {
  if (data.length < 33 || !data.subarray(0, 8).equals(SIGNATURE)) return 'is not a PNG file';
  const chunks: Buffer[] = [];
  let header: Omit<Png, 'idat'> | undefined;
  for (let at = 8; at + 8 <= data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8] ?? 0, colorType: body[9] ?? 0, interlace: body[12] ?? 0 };
    } else if (type === 'IDAT') chunks.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  return header ? { ...header, idat: Buffer.concat(chunks) } : 'has no PNG header';
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Pixels as RGBA rows, for 8-bit RGBA or grey+alpha images without interlacing; otherwise a reason. */
function rgbaPixels(png: Png): Uint8Array | string {
  const channels = png.colorType === 6 ? 4 : png.colorType === 4 ? 2 : 0;
  if (channels === 0 || png.bitDepth !== 8) return 'must be an 8-bit PNG with an alpha channel (RGBA)';
  if (png.interlace !== 0) return 'must not be interlaced';
  const raw = inflateSync(png.idat);
  const stride = png.width * channels;
  const out = new Uint8Array(png.width * png.height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? (line[x - channels] as number) : 0;
      const up = previous[x] as number;
      const upLeft = x >= channels ? (previous[x - channels] as number) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? 0] ?? 0;
      line[x] = ((line[x] as number) + predictor) & 0xff;
    }
    for (let x = 0; x < png.width; x++) {
      const o = (y * png.width + x) * 4;
      const grey = channels === 2;
      const i = x * channels;
      out.set(grey ? [line[i] as number, line[i] as number, line[i] as number, line[i + 1] as number] : line.subarray(i, i + 4), o);
    }
    previous = line;
  }
  return out;
}

/** Problems with one icon; empty when Teams will accept it. */
export function iconProblems(kind: 'color' | 'outline', data: Buffer): string[] {
  const name = `${kind}.png`;
  const png = readPng(data);
  if (typeof png === 'string') return [`${name} ${png}`];
  const size = kind === 'color' ? 192 : 32;
  const problems: string[] = [];
  if (png.width !== size || png.height !== size) problems.push(`${name} is ${png.width}×${png.height}; Teams needs ${size}×${size}`);
  if (kind === 'color' || problems.length > 0) return problems;
  const pixels = rgbaPixels(png);
  if (typeof pixels === 'string') return [`${name} ${pixels}`];
  let opaque = 0;
  for (let p = 0; p < pixels.length; p += 4) {
    if (pixels[p + 3] === 0) continue;
    opaque++;
    if (pixels[p] !== 255 || pixels[p + 1] !== 255 || pixels[p + 2] !== 255) {
      return [`${name} must be white on a transparent background; pixel ${p / 4} is rgb(${pixels[p]}, ${pixels[p + 1]}, ${pixels[p + 2]})`];
    }
  }
  if (opaque === 0) problems.push(`${name} is fully transparent`);
  return problems;
}
