import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type Config, formatConfigProblem, readConfig, redactUrl } from '../src/config.ts';

function ok(env: NodeJS.ProcessEnv): Config {
  const r = readConfig(env);
  if (!r.ok) throw new Error(`expected a config, got ${r.problems.map(formatConfigProblem).join('; ')}`);
  return r.config;
}

function problems(env: NodeJS.ProcessEnv): string[] {
  const r = readConfig(env);
  if (r.ok) throw new Error('expected problems, got a config');
  return r.problems.map(formatConfigProblem);
}

const slack = { SLACK_SIGNING_SECRET: 'shh-signing', SLACK_BOT_TOKEN: 'xoxb-123-secret' };
/** Teams in production also names the organisation whose users it maps */
const tenant = { DOCKET_TEAMS_TENANTS: 'b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d0f' };

describe('readConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = ok({});
    expect({ port: c.port, host: c.host, databaseUrl: c.databaseUrl, flowsDir: c.flowsDir, logLevel: c.logLevel, console: c.console }).toEqual({
      port: 3000,
      // local mode (no platform) is for this machine only
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/docket.db',
      flowsDir: './flows',
      logLevel: 'info',
      console: 'local',
    });
    expect(c.platforms).toEqual({ slack: false, teams: false });
    expect(c.teams.appType).toBe('MultiTenant');
  });

  it('treats an empty value as unset', () => {
    expect(ok({ PORT: '', LOG_LEVEL: '  ' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: '8080' }, (c: Config) => c.port, 8080],
    [{ PORT: '0' }, (c: Config) => c.port, 0],
    [{ HOST: '127.0.0.1' }, (c: Config) => c.host, '127.0.0.1'],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, (c: Config) => c.databaseUrl, 'postgres://postgres@127.0.0.1:5432/test'],
    [{ DATABASE_URL: 'postgresql://u:p@db/docket' }, (c: Config) => c.databaseUrl, 'postgresql://u:p@db/docket'],
    [{ DATABASE_URL: 'sqlite:/var/lib/docket.db' }, (c: Config) => c.databaseUrl, 'sqlite:/var/lib/docket.db'],
    [{ FLOWS_DIR: '/etc/docket/flows' }, (c: Config) => c.flowsDir, '/etc/docket/flows'],
    [{ LOG_LEVEL: 'debug' }, (c: Config) => c.logLevel, 'debug'],
    [{ DOCKET_CONSOLE: 'off' }, (c: Config) => c.console, 'off'],
    [{ DOCKET_WEBHOOK_ALLOW_IPS: '127.0.0.1, 10.20.0.0/16' }, (c: Config) => c.webhooks.allowIps, ['127.0.0.1', '10.20.0.0/16']],
    [{}, (c: Config) => c.webhooks.allowIps, []],
    [{ ...slack, SLACK_API_URL: 'http://localhost:9999/api/' }, (c: Config) => c.slack.apiUrl, 'http://localhost:9999/api/'],
  ])('reads %j', (env, pick, expected) => {
    expect(pick(ok(env))).toEqual(expected);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected a port number 1–65535, got "abc"'],
    [{ PORT: '65536' }, 'PORT: expected a port number 1–65535, got "65536"'],
    [{ PORT: '-1' }, 'PORT: expected a port number 1–65535, got "-1"'],
    [{ PORT: '80.5' }, 'PORT: expected a port number 1–65535, got "80.5"'],
    [{ HOST: 'http://x' }, 'HOST: expected a host name or IP address to listen on, got "http://x"'],
    [{ DATABASE_URL: 'mysql://localhost/docket' }, 'DATABASE_URL: expected sqlite:<path> or postgres://user@host:port/database, got "mysql://localhost/docket"'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL: expected sqlite:<path> or postgres://user@host:port/database, got "sqlite:"'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL: expected one of debug, info, warn, error, got "verbose"'],
    [{ MicrosoftAppType: 'multitenant' }, 'MicrosoftAppType: expected one of MultiTenant, SingleTenant, UserAssignedMSI, got "multitenant"'],
    [{ DOCKET_CONSOLE: 'public' }, 'DOCKET_CONSOLE: expected one of local, off, got "public"'],
    [{ ...slack, SLACK_API_URL: 'ftp://x' }, 'SLACK_API_URL: expected an http(s) URL such as https://slack.com/api/, got "ftp://x"'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xapp-1-wrong' }, 'SLACK_BOT_TOKEN: expected a bot token starting with xoxb- (the value is a secret, so it is not shown)'],
    [{ ...slack, SLACK_APP_TOKEN: 'xoxb-wrong' }, 'SLACK_APP_TOKEN: expected an app-level token starting with xapp- (the value is a secret, so it is not shown)'],
    [{ DOCKET_ADMIN_TOKEN: 'short' }, 'DOCKET_ADMIN_TOKEN: expected at least 16 characters (the value is a secret, so it is not shown)'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set'],
    [{ MicrosoftAppId: 'app', ...tenant }, 'MicrosoftAppPassword: required when MicrosoftAppId is set and MicrosoftAppType is MultiTenant'],
    [{ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant'],
    [{ MicrosoftAppPassword: 'pw' }, 'MicrosoftAppId: required when MicrosoftAppPassword is set'],
  ])('refuses %j', (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it('reports every bad key at once', () => {
    expect(problems({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'x' })).toEqual([
      'PORT: expected a port number 1–65535, got "abc"',
      'DATABASE_URL: expected sqlite:<path> or postgres://user@host:port/database, got "x"',
      'LOG_LEVEL: expected one of debug, info, warn, error, got "loud"',
    ]);
  });

  it('reads the log format and the trusted proxies, and says what it expected', () => {
    expect(ok({ LOG_FORMAT: 'json', DOCKET_TRUST_PROXY: '1' })).toMatchObject({ logFormat: 'json', trustProxy: 1 });
    expect(ok({})).toMatchObject({ logFormat: undefined, trustProxy: 0 });
    expect(problems({ LOG_FORMAT: 'yaml', DOCKET_TRUST_PROXY: 'yes' })).toEqual([
      'LOG_FORMAT: expected one of json, pretty (unset: pretty in a terminal, else json), got "yaml"',
      'DOCKET_TRUST_PROXY: expected the number of reverse proxies in front of Docket (0 when clients connect directly), got "yes"',
    ]);
  });

  it('never echoes a secret in a problem', () => {
    const text = problems({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'not-a-bot-token-hunter2' }).join('\n');
    expect(text).not.toContain('hunter2');
  });

  it('enables slack with a signing secret and a bot token, teams with an app id', () => {
    expect(ok(slack).platforms).toEqual({ slack: true, teams: false });
    expect(ok({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', ...tenant }).platforms).toEqual({ slack: false, teams: true });
    // a managed identity has no password
    expect(ok({ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: tenant.DOCKET_TEAMS_TENANTS }).platforms.teams).toBe(true);
  });

  it('describes what is enabled without any secret', () => {
    const c = ok({
      ...slack,
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'teams-password',
      ...tenant,
      DOCKET_ADMIN_TOKEN: 'admin-token-0123456789',
      DATABASE_URL: 'postgres://docket:db-password@db:5432/docket',
    });
    const lines = c.describe();
    expect(lines).toContain('slack: on (HTTP events at POST /slack/events)');
    expect(lines).toContain('teams: on (MultiTenant, messages at POST /api/messages)');
    expect(lines).toContain('database: postgres://docket:***@db:5432/docket');
    expect(lines).toContain('admin token: set');
    // however the config is printed, the secrets stay in
    for (const shown of [lines.join('\n'), JSON.stringify(c), JSON.stringify({ config: c }), inspect(c)]) {
      for (const secretValue of ['shh-signing', 'xoxb-123-secret', 'teams-password', 'admin-token-0123456789', 'db-password']) {
        expect(shown).not.toContain(secretValue);
      }
    }
    // and the values are still there for the adapters
    expect(c.slack.botToken).toBe('xoxb-123-secret');
  });

  it('says why a platform is off', () => {
    expect(ok({}).describe()).toEqual(expect.arrayContaining(['slack: off (no SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN)', 'teams: off (no MicrosoftAppId)']));
    expect(ok({ ...slack, SLACK_APP_TOKEN: 'xapp-1' }).describe()).toContain('slack: on (Socket Mode)');
  });

  it('redacts only the password of a database URL', () => {
    expect(redactUrl('postgres://u:p%40ss@h:5432/d?schema=x')).toBe('postgres://u:***@h:5432/d?schema=x');
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactUrl('sqlite:./data/docket.db')).toBe('sqlite:./data/docket.db');
  });
});
