// `npm install` / `npm ci` run this (npm's `prepare` step), so the README's `npm install` then
// `npm start` works on a fresh clone. A production install (`npm ci --omit=dev`, as in the
// Dockerfile's runtime stage) has no TypeScript and ships dist/ from the build stage: skip there.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  console.log('docket: TypeScript is not installed (a production install); not building, dist/ is expected to be there');
  process.exit(0);
}
const run = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
