// "Was this module started directly?" — the ESM stand-in for `require.main === module`, so a
// file can both export (for tests) and run (for `tsx src/main.ts`).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function isEntry(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl;
  } catch {
    return false;
  }
}
