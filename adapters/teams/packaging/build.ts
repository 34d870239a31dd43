// The Teams app package: manifest.json plus the two icons, zipped, ready to upload in Teams
// ("Apps" → "Manage your apps" → "Upload an app") or in the Teams admin center. The icons are
// the committed files in adapters/teams/icons/ (replace them with your own, same sizes).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, type ManifestSettings, settingProblems } from './manifest.ts';
import { type Zippable, zipSync } from 'fflate';
import { pngSize } from './png-size.ts';

export const ICONS_DIR = new URL('../icons/', import.meta.url);

export interface PackageFiles {
  manifest: Record<string, unknown>;
  files: { name: string; data: Buffer }[];
}

function icon(name: string, size: number): Buffer {
  const file = new URL(name, ICONS_DIR);
  if (!existsSync(file)) throw new Error(`adapters/teams/icons/${name} is missing: Teams needs a ${size}×${size} PNG there`);
  const data = readFileSync(file);
  const actual = pngSize(data);
  if (!actual || actual.width !== size || actual.height !== size) throw new Error(`${name} must be a ${size}×${size} PNG (adapters/teams/icons/${name})`);
  return data;
}

export function packageFiles(settings: ManifestSettings): PackageFiles {
  const problems = settingProblems(settings);
  if (problems.length) throw new Error(problems.join('\n'));
  const manifest = buildManifest(settings);
  return {
    manifest,
    files: [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') },
      { name: 'color.png', data: icon('color.png', 192) },
      { name: 'outline.png', data: icon('outline.png', 32) },
    ],
  };
}

// 1980-01-01, the earliest date a zip entry can carry: a fixed stamp keeps the package
// byte-for-byte reproducible from the same inputs.
const ZIP_EPOCH = new Date(1980, 0, 1);

/** the package as zip bytes (fflate: deflate for the manifest, stored PNGs, CRC-32 per entry) */
export function zipPackage(pkg: PackageFiles): Buffer {
  const entries: Zippable = {};
  // PNG data is deflated already: storing it saves the work for nothing lost
  for (const f of pkg.files) entries[f.name] = [new Uint8Array(f.data), { level: f.name.endsWith('.png') ? 0 : 9, mtime: ZIP_EPOCH }];
  return Buffer.from(zipSync(entries));
}

export function writePackage(outFile: string, pkg: PackageFiles): void {
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, zipPackage(pkg));
}
