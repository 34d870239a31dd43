// The second half of `npm run build`: the files the compiled code reads beside itself, which tsc
// does not copy. Paths are relative to the package root and land at the same place under dist/.
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const ASSETS = [
  'adapters/web/assets', // console.css, console.js, reports.js (adapters/web/assets.ts)
  'adapters/teams/manifest.template.json', // the Teams manifest template (packaging/manifest.ts)
  'adapters/teams/icons', // the Teams app icons (packaging/build.ts)
];
for (const rel of ASSETS) cpSync(`${root}${rel}`, `${root}dist/${rel}`, { recursive: true });
