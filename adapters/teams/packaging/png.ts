// A minimal PNG encoder (8-bit RGBA, no filtering) and the two icons a Teams app needs: a
// 192×192 colour icon and a 32×32 outline icon, white on transparent.
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.ts';

type Rgba = readonly [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** width and height from a PNG's IHDR, or undefined if it is not a PNG */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const ACCENT: Rgba = [0x2e, 0x5b, 0xda, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

/** inside a rounded rectangle from (x0,y0) to (x1,y1) with corner radius r */
function inRounded(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** near the segment (ax,ay)–(bx,by), within half of `width` */
function onStroke(x: number, y: number, ax: number, ay: number, bx: number, by: number, width: number): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - (ax + t * dx)) ** 2 + (y - (ay + t * dy)) ** 2 <= (width / 2) ** 2;
}

/** A tick on a page, scaled to `size`: the mark of an approval. */
function mark(x: number, y: number, size: number, stroke: number): 'page' | 'tick' | undefined {
  const s = size / 32;
  const px = x / s;
  const py = y / s;
  if (onStroke(px, py, 10, 17, 14.5, 21.5, stroke) || onStroke(px, py, 14.5, 21.5, 22.5, 11.5, stroke)) return 'tick';
  const inner = !inRounded(px, py, 7 + stroke / 2, 4 + stroke / 2, 25 - stroke / 2, 28 - stroke / 2, 2);
  if (inRounded(px, py, 7, 4, 25, 28, 3) && inner) return 'page';
  return undefined;
}

export function colorIcon(): Buffer {
  return encodePng(192, 192, (x, y) => {
    if (!inRounded(x + 0.5, y + 0.5, 0, 0, 191, 191, 36)) return CLEAR;
    return mark(x + 0.5, y + 0.5, 192, 2.4) ? WHITE : ACCENT;
  });
}

export function outlineIcon(): Buffer {
  // Teams draws it in its own colours: white strokes on a transparent background only
  return encodePng(32, 32, (x, y) => (mark(x + 0.5, y + 0.5, 32, 2) ? WHITE : CLEAR));
}
