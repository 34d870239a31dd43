// The Teams app manifest, from adapters/teams/manifest.template.json and a few settings. The
// template's {{placeholders}} are filled in inside the parsed JSON, so a value can never break
// the JSON around it.
import { readFileSync } from 'node:fs';

export const TEMPLATE_PATH = new URL('../manifest.template.json', import.meta.url);

export interface ManifestSettings {
  /** the bot's Microsoft App ID (MicrosoftAppId), a GUID */
  botId: string;
  /** the Teams app's own id; the bot's id is a fine choice */
  teamsAppId: string;
  /** where Docket is served: https://docket.example.com (developer links, validDomains) */
  publicUrl: string;
  developerName: string;
  /** semver, from package.json */
  version: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** what is wrong with the settings, one sentence each; empty when they are fine */
export function settingProblems(s: ManifestSettings): string[] {
  const problems: string[] = [];
  if (!GUID.test(s.botId)) problems.push(`MicrosoftAppId must be the bot's app id, a GUID such as 0c5f3e1a-9b2d-4e7f-8a6c-3d1b5e9f7a2c (got "${s.botId}")`);
  if (!GUID.test(s.teamsAppId)) problems.push(`DOCKET_TEAMS_APP_ID must be a GUID (got "${s.teamsAppId}")`);
  let url: URL | undefined;
  try {
    url = new URL(s.publicUrl);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') problems.push(`DOCKET_PUBLIC_URL must be the https:// address Docket is served at (got "${s.publicUrl}")`);
  if (!/^\d+\.\d+\.\d+$/.test(s.version)) problems.push(`the version must be MAJOR.MINOR.PATCH (got "${s.version}")`);
  return problems;
}

function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new Error(`manifest template: unknown placeholder ${whole}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

export function buildManifest(s: ManifestSettings, template: unknown = JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8'))): Record<string, unknown> {
  const url = new URL(s.publicUrl);
  const publicUrl = url.href.replace(/\/+$/, '');
  return fill(template, {
    botId: s.botId.toLowerCase(),
    teamsAppId: s.teamsAppId.toLowerCase(),
    publicUrl,
    publicHost: url.host,
    developerName: s.developerName,
    version: s.version,
  }) as Record<string, unknown>;
}
