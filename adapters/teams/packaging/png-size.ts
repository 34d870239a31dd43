// The width and height a PNG declares in its IHDR chunk (the first chunk, right after the
// 8-byte signature): enough to check that an icon is the size Teams wants.
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
