// The version shown by /healthz and `docket --version`: package.json's, read once.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PACKAGE_ROOT } from './package-root.ts';

const Package = z.object({ version: z.string() });

export const VERSION: string = Package.parse(JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8'))).version;
