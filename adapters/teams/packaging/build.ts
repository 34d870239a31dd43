// The Teams app package: manifest.json plus the two icons, zipped, ready to upload in Teams
// ("Apps" → "Manage your apps" → "Upload an app") or in the Teams admin center. Icons come from
// adapters/teams/icons/ when they are there (replace them with your own), else they are drawn.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, type ManifestSettings, settingProblems } from './manifest.ts';
import { colorIcon, outlineIcon, pngSize } from './png.ts';
import { zip } from './zip.ts';

export const ICONS_DIR = new URL('../icons/', import.meta.url);

export interface PackageFiles {
  manifest: Record<string, unknown>;
  files: { name: string; data: Buffer }[];
}

function icon(name: string, size: number, draw: () => Buffer): Buffer {
  const file = new URL(name, ICONS_DIR);
  const data = existsSync(file) ? readFileSync(file) : draw();
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
      { name: 'color.png', data: icon('color.png', 192, colorIcon) },
      { name: 'outline.png', data: icon('outline.png', 32, outlineIcon) },
    ],
  };
}

/** the package as zip bytes */
export function zipPackage(pkg: PackageFiles): Buffer {
  return zip(pkg.files);
}

export function writePackage(outFile: string, pkg: PackageFiles): void {
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, zipPackage(pkg));
}
