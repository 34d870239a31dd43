#!/usr/bin/env node
// `npx docket …`: plain JavaScript so it runs without a build step; tsx (a runtime
// dependency) compiles the TypeScript sources on the fly.
import { register } from 'tsx/esm/api';

register();
const { cliMain } = await import('../src/cli/main.ts');
await cliMain();
