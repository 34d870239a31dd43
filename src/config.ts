// Configuration is a pure function of the environment (probot's habit): parse once at the
// edge with zod, hand plain typed values inward, and report every bad key at once.
// Secrets stay in the object but never leave it through JSON.stringify or console.log:
// `toJSON` and the inspect hook both return the redacted `describe()` view.
import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const TEAMS_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type TeamsAppType = (typeof TEAMS_APP_TYPES)[number];

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>` or `postgres://…` */
  databaseUrl: string;
  flowsDir: string;
  logLevel: LogLevel;
  /** LOG_FORMAT; unset: pretty when stdout is a terminal, JSON lines otherwise */
  logFormat?: LogFormat;
  /** how many reverse proxies of ours stand in front, whose X-Forwarded-For/-Proto to believe */
  trustProxy: number;
  slack: {
    signingSecret?: string;
    botToken?: string;
    /** Socket Mode (xapp-…) instead of HTTP events */
    appToken?: string;
    /** another base URL for the Slack Web API: a test double, an enterprise proxy */
    apiUrl?: string;
  };
  teams: {
    appId?: string;
    appPassword?: string;
    appType: TeamsAppType;
    tenantId?: string;
    /**
     * the Azure AD tenants whose users Docket maps to org.yaml (MicrosoftAppTenantId plus
     * DOCKET_TEAMS_TENANTS, lower-cased); activities from any other tenant are refused. Empty only
     * in local mode, where every tenant is accepted.
     */
    tenants: string[];
    /** DOCKET_TEAMS=local: /api/messages without Bot Framework authentication, for the Emulator */
    local: boolean;
  };
  /** local: the web console lets anyone act as anyone (default only with no chat platform configured); off: admin token only */
  console: 'local' | 'off';
  /**
   * local mode opened to other machines on purpose (DOCKET_CONSOLE=local and HOST both set): a
   * shared demo. Otherwise local mode listens on 127.0.0.1 and refuses act-as from elsewhere.
   */
  consoleShared: boolean;
  adminToken?: string;
  /** outbound webhooks: private IPs or CIDRs that may be called anyway (DOCKET_WEBHOOK_ALLOW_IPS) */
  webhooks: { allowIps: string[] };
  platforms: { slack: boolean; teams: boolean };
  audit: {
    /** DOCKET_AUDIT_SIGNING_KEY: Ed25519 private key (PEM or base64 DER) that signs checkpoints */
    signingKey?: string;
    /** DOCKET_AUDIT_PUBLIC_KEY: the matching public key, for `docket audit verify` */
    publicKey?: string;
    /** how often a checkpoint of the changed subject heads is written (DOCKET_AUDIT_CHECKPOINT_SECONDS) */
    checkpointEveryMs: number;
    /** DOCKET_AUDIT_EXPORT_FILE: each checkpoint is also appended here as a JSON line */
    exportFile?: string;
  };
  /** what is enabled, one line each, without secrets */
  describe(): string[];
}

export interface ConfigProblem {
  key: string;
  message: string;
}

export type Result = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.key}: ${p.message}`;
}

// Each key's rule and its sentence. An empty string counts as unset: `.env` files and compose
// files often write `KEY=` for "not configured".
const Env = z.object({
  PORT: z.string().regex(/^\d{1,5}$/).transform(Number).refine((n) => n <= 65535).optional(),
  HOST: z.string().regex(/^[^\s/]+$/).optional(),
  DATABASE_URL: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/).optional(),
  FLOWS_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  DOCKET_TRUST_PROXY: z.string().regex(/^\d{1,2}$/).transform(Number).optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-').optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-').optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(TEAMS_APP_TYPES).optional(),
  MicrosoftAppTenantId: z.string().optional(),
  DOCKET_TEAMS: z.enum(['local']).optional(),
  DOCKET_TEAMS_TENANTS: z.string().optional(),
  DOCKET_CONSOLE: z.enum(['local', 'off']).optional(),
  DOCKET_ADMIN_TOKEN: z.string().min(16).optional(),
  DOCKET_AUDIT_SIGNING_KEY: z.string().min(40).optional(),
  DOCKET_AUDIT_PUBLIC_KEY: z.string().min(40).optional(),
  DOCKET_AUDIT_CHECKPOINT_SECONDS: z.string().regex(/^\d{1,6}$/).transform(Number).refine((n) => n >= 1).optional(),
  DOCKET_AUDIT_EXPORT_FILE: z.string().optional(),
  DOCKET_WEBHOOK_ALLOW_IPS: z.string().regex(/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/).optional(),
});
type Key = keyof typeof Env.shape;

const expected: Partial<Record<Key, string>> = {
  // 0 is accepted too (the OS picks a free port); tests use it, people should not need to.
  PORT: 'expected a port number 1–65535',
  HOST: 'expected a host name or IP address to listen on',
  DATABASE_URL: 'expected sqlite:<path> or postgres://user@host:port/database',
  LOG_LEVEL: `expected one of ${LOG_LEVELS.join(', ')}`,
  LOG_FORMAT: `expected one of ${LOG_FORMATS.join(', ')} (unset: pretty in a terminal, else json)`,
  DOCKET_TRUST_PROXY: 'expected the number of reverse proxies in front of Docket (0 when clients connect directly)',
  SLACK_BOT_TOKEN: 'expected a bot token starting with xoxb-',
  SLACK_APP_TOKEN: 'expected an app-level token starting with xapp-',
  SLACK_API_URL: 'expected an http(s) URL such as https://slack.com/api/',
  MicrosoftAppType: `expected one of ${TEAMS_APP_TYPES.join(', ')}`,
  DOCKET_TEAMS: 'expected local (the Bot Framework Emulator, no authentication) or unset',
  DOCKET_CONSOLE: 'expected one of local, off',
  DOCKET_ADMIN_TOKEN: 'expected at least 16 characters',
  DOCKET_AUDIT_SIGNING_KEY: 'expected an Ed25519 private key, PEM or base64 DER (`docket audit keygen` makes one)',
  DOCKET_AUDIT_PUBLIC_KEY: 'expected an Ed25519 public key, PEM or base64 DER',
  DOCKET_AUDIT_CHECKPOINT_SECONDS: 'expected a number of seconds, at least 1',
  DOCKET_WEBHOOK_ALLOW_IPS: 'expected IP addresses or CIDR ranges, comma-separated, such as 127.0.0.1,10.20.0.0/16',
};

/** an Azure AD tenant id, as Teams sends it in channelData.tenant.id */
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Values that are secrets are never echoed back in a problem.
const secret = new Set<string>(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'MicrosoftAppPassword', 'DOCKET_ADMIN_TOKEN', 'DOCKET_AUDIT_SIGNING_KEY']);

export function readConfig(env: NodeJS.ProcessEnv): Result {
  const present: Record<string, string> = {};
  for (const key of Object.keys(Env.shape)) {
    const raw = env[key]?.trim();
    if (raw) present[key] = raw;
  }
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): ConfigProblem => {
      const key = String(issue.path[0]) as Key;
      const shown = secret.has(key) ? ' (the value is a secret, so it is not shown)' : `, got ${JSON.stringify(present[key])}`;
      return { key, message: `${expected[key] ?? issue.message}${shown}` };
    });
    return { ok: false, problems: dedupe(problems) };
  }
  const v = parsed.data;

  // A half-configured platform is a mistake, not a choice: say so instead of quietly running
  // without it.
  const problems: ConfigProblem[] = [];
  if (v.SLACK_SIGNING_SECRET && !v.SLACK_BOT_TOKEN) problems.push({ key: 'SLACK_BOT_TOKEN', message: 'required when SLACK_SIGNING_SECRET is set' });
  if (v.SLACK_BOT_TOKEN && !v.SLACK_SIGNING_SECRET) problems.push({ key: 'SLACK_SIGNING_SECRET', message: 'required when SLACK_BOT_TOKEN is set' });
  if (v.SLACK_APP_TOKEN && !v.SLACK_BOT_TOKEN) problems.push({ key: 'SLACK_BOT_TOKEN', message: 'required when SLACK_APP_TOKEN is set' });
  const appType = v.MicrosoftAppType ?? 'MultiTenant';
  const listed = (v.DOCKET_TEAMS_TENANTS ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  const malformed = listed.filter((t) => !TENANT_ID.test(t));
  if (malformed.length > 0) {
    problems.push({ key: 'DOCKET_TEAMS_TENANTS', message: `expected Azure AD tenant ids (GUIDs such as b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d0f), comma-separated; not a tenant id: ${malformed.map((t) => JSON.stringify(t)).join(', ')}` });
  }
  // MicrosoftAppTenantId may also be a domain name (MSAL takes either); only an id can be compared
  // with the tenant id an activity carries
  const own = v.MicrosoftAppTenantId && TENANT_ID.test(v.MicrosoftAppTenantId) ? [v.MicrosoftAppTenantId] : [];
  const tenants = [...new Set([...own, ...listed].map((t) => t.toLowerCase()))];
  if (v.MicrosoftAppId) {
    // Bot Framework: a managed identity has no password; the other two types sign in with one,
    // and only MultiTenant works without naming the tenant.
    if (appType !== 'UserAssignedMSI' && !v.MicrosoftAppPassword) problems.push({ key: 'MicrosoftAppPassword', message: `required when MicrosoftAppId is set and MicrosoftAppType is ${appType}` });
    if (appType !== 'MultiTenant' && !v.MicrosoftAppTenantId) problems.push({ key: 'MicrosoftAppTenantId', message: `required when MicrosoftAppType is ${appType}` });
    // Anyone can upload an app package naming our bot id into their own tenant, and Teams will
    // then send us their users' activities with valid tokens: only a tenant list keeps them out.
    // (a missing MicrosoftAppTenantId that the app type requires is reported above already)
    if (tenants.length === 0 && malformed.length === 0 && (appType === 'MultiTenant' || v.MicrosoftAppTenantId)) {
      problems.push({
        key: 'DOCKET_TEAMS_TENANTS',
        message: v.MicrosoftAppTenantId
          ? `MicrosoftAppTenantId ${JSON.stringify(v.MicrosoftAppTenantId)} is not a tenant id (a GUID); set DOCKET_TEAMS_TENANTS to your tenant's id so only your organisation's users are mapped`
          : "set MicrosoftAppTenantId or DOCKET_TEAMS_TENANTS so only your organisation's users are mapped (any Teams tenant can install a bot by its app id)",
      });
    }
  } else if (v.MicrosoftAppPassword) {
    problems.push({ key: 'MicrosoftAppId', message: 'required when MicrosoftAppPassword is set' });
  }
  // local mode switches authentication off; with an app id that would be a surprise either way
  if (v.DOCKET_TEAMS === 'local' && v.MicrosoftAppId) problems.push({ key: 'DOCKET_TEAMS', message: 'local turns Bot Framework authentication off; unset it when MicrosoftAppId is set' });
  // ...and beside a real Slack workspace it is a production server with a side door
  if (v.DOCKET_TEAMS === 'local' && (v.SLACK_SIGNING_SECRET || v.SLACK_BOT_TOKEN || v.SLACK_APP_TOKEN)) {
    problems.push({ key: 'DOCKET_TEAMS', message: 'local turns Bot Framework authentication off and is for trying Docket out on one machine; unset it when Slack is configured' });
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };

  // act-as is for trying Docket out: on by default only while no chat platform is configured
  const consoleSetting = v.DOCKET_CONSOLE ?? (v.SLACK_SIGNING_SECRET || v.MicrosoftAppId ? 'off' : 'local');
  const config: Config = {
    port: v.PORT ?? 3000,
    // Local mode lets anyone act as anyone, an admin included: unless HOST says otherwise, only
    // this machine can reach it.
    host: v.HOST ?? (consoleSetting === 'local' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: v.DATABASE_URL ?? 'sqlite:./data/docket.db',
    flowsDir: v.FLOWS_DIR ?? './flows',
    logLevel: v.LOG_LEVEL ?? 'info',
    logFormat: v.LOG_FORMAT,
    trustProxy: v.DOCKET_TRUST_PROXY ?? 0,
    slack: { signingSecret: v.SLACK_SIGNING_SECRET, botToken: v.SLACK_BOT_TOKEN, appToken: v.SLACK_APP_TOKEN, apiUrl: v.SLACK_API_URL },
    teams: { appId: v.MicrosoftAppId, appPassword: v.MicrosoftAppPassword, appType, tenantId: v.MicrosoftAppTenantId, tenants, local: v.DOCKET_TEAMS === 'local' },
    console: consoleSetting,
    consoleShared: v.DOCKET_CONSOLE === 'local' && v.HOST !== undefined,
    adminToken: v.DOCKET_ADMIN_TOKEN,
    webhooks: { allowIps: (v.DOCKET_WEBHOOK_ALLOW_IPS ?? '').split(',').map((x) => x.trim()).filter(Boolean) },
    platforms: { slack: Boolean(v.SLACK_SIGNING_SECRET && v.SLACK_BOT_TOKEN), teams: Boolean(v.MicrosoftAppId) || v.DOCKET_TEAMS === 'local' },
    audit: {
      signingKey: v.DOCKET_AUDIT_SIGNING_KEY,
      publicKey: v.DOCKET_AUDIT_PUBLIC_KEY,
      checkpointEveryMs: (v.DOCKET_AUDIT_CHECKPOINT_SECONDS ?? 60) * 1000,
      exportFile: v.DOCKET_AUDIT_EXPORT_FILE,
    },
    describe: () => describe(config),
  };
  // Secrets stay reachable for the adapters but never leave through JSON or console.log.
  Object.defineProperty(config, 'toJSON', { value: () => describe(config), enumerable: false });
  Object.defineProperty(config, Symbol.for('nodejs.util.inspect.custom'), { value: () => describe(config), enumerable: false });
  return { ok: true, config };
}

function describe(c: Config): string[] {
  const slack = c.platforms.slack
    ? `slack: on (${c.slack.appToken ? 'Socket Mode' : 'HTTP events at POST /slack/events'}${c.slack.apiUrl ? `, API at ${c.slack.apiUrl}` : ''})`
    : 'slack: off (no SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN)';
  const teams = c.teams.local
    ? 'teams: LOCAL MODE (no Bot Framework authentication, for the Emulator; messages at POST /api/messages)'
    : c.platforms.teams
      ? `teams: on (${c.teams.appType}, messages at POST /api/messages)`
      : 'teams: off (no MicrosoftAppId)';
  return [
    `listen: ${c.host}:${c.port}`,
    `database: ${redactUrl(c.databaseUrl)}`,
    `flows: ${c.flowsDir}`,
    `log level: ${c.logLevel}${c.logFormat ? `, format ${c.logFormat}` : ''}`,
    `trusted proxies: ${c.trustProxy}`,
    slack,
    teams,
    `console: ${c.console}${c.console === 'local' ? (c.consoleShared ? ' (SHARED: anyone who can reach it may act as anyone)' : ' (this machine only)') : ''}`,
    `admin token: ${c.adminToken ? 'set' : 'not set'}`,
    `audit checkpoints: every ${c.audit.checkpointEveryMs / 1000} s, ${c.audit.signingKey ? 'signed' : 'UNSIGNED (set DOCKET_AUDIT_SIGNING_KEY)'}${c.audit.exportFile ? `, exported to ${c.audit.exportFile}` : ''}`,
  ];
}

/** postgres://user:secret@host/db → postgres://user:***@host/db */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = formatConfigProblem(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
