// The folder holding package.json: two levels up from src/ when run from source (tsx, vitest),
// three from dist/src/ when compiled. Files read relative to it (package.json, flows/) are found
// either way without copying them into dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function find(): string {
  for (const up of ['../', '../../']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(`${dir}package.json`)) return dir;
  }
  throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
}

/** absolute path, ending in a separator */
export const PACKAGE_ROOT: string = find();
