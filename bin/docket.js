#!/usr/bin/env node
// `npx docket …` and the container's `docket migrate`: the compiled CLI (dist/, which
// `npm install` builds). In a checkout with no build yet it falls back to running the TypeScript
// sources through tsx, a dev dependency; `npm run docket -- …` always runs the sources.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  const { cliMain } = await import(compiled.href);
  await cliMain();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { cliMain } = await import('../src/cli/main.ts');
  await cliMain();
}
