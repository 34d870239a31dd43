// `npm run teams:package`: writes dist/teams-app.zip from the environment:
//   MicrosoftAppId        the bot's app id (required)
//   DOCKET_PUBLIC_URL     https address Docket is served at (required)
//   DOCKET_TEAMS_APP_ID   the Teams app's id (default: MicrosoftAppId)
//   DOCKET_DEVELOPER      the name shown as the app's developer (default: Docket)
// The manifest is checked against the v1.24 schema before anything is written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isEntry } from '../../../src/entry.ts';
import { PACKAGE_ROOT } from '../../../src/package-root.ts';
import { packageFiles, writePackage } from './build.ts';
import { schemaProblems } from './validate.ts';

const ROOT = PACKAGE_ROOT;

export async function main(env: NodeJS.ProcessEnv = process.env, out = path.join(ROOT, 'dist/teams-app.zip')): Promise<number> {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const botId = env.MicrosoftAppId?.trim() ?? '';
  const settings = {
    botId,
    teamsAppId: env.DOCKET_TEAMS_APP_ID?.trim() || botId,
    publicUrl: env.DOCKET_PUBLIC_URL?.trim() ?? '',
    developerName: env.DOCKET_DEVELOPER?.trim() || 'Docket',
    version,
  };
  try {
    const pkg = packageFiles(settings);
    const problems = await schemaProblems(pkg.manifest);
    if (problems === undefined) process.stderr.write('teams:package: @microsoft/app-manifest is not installed (a dev dependency), so the schema check is skipped\n');
    else if (problems.length) throw new Error(`the manifest does not match the Teams v1.24 schema:\n${problems.join('\n')}`);
    writePackage(out, pkg);
  } catch (err) {
    process.stderr.write(`teams:package: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out} (manifest.json, color.png, outline.png) for bot ${botId}\n`);
  return 0;
}

if (isEntry(import.meta.url)) process.exitCode = await main();
