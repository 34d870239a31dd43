// DOCKET_TEAMS=local: the Teams endpoint without Bot Framework authentication, for the Emulator.
// DOCKET_TEAMS_TENANTS / MicrosoftAppTenantId: the organisations whose users Teams may map.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { TENANT } from './activities.ts';

const app = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' };
const OTHER = 'E0E1E2E3-0000-4000-8000-000000000001';

describe('DOCKET_TEAMS', () => {
  it('turns Teams on in local mode, and says so in the settings', () => {
    const r = readConfig({ DOCKET_TEAMS: 'local' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.config.teams.local).toBe(true);
    expect(r.config.platforms.teams).toBe(true);
    expect(r.config.teams.tenants).toEqual([]);
    expect(r.config.describe()).toContain('teams: LOCAL MODE (no Bot Framework authentication, for the Emulator; messages at POST /api/messages)');
  });

  it('is off unless asked for', () => {
    const r = readConfig({ ...app, DOCKET_TEAMS_TENANTS: TENANT });
    expect(r.ok && [r.config.teams.local, r.config.platforms.teams]).toEqual([false, true]);
    const none = readConfig({});
    expect(none.ok && [none.config.teams.local, none.config.platforms.teams]).toEqual([false, false]);
  });

  it('refuses local mode together with an app id, and values other than local', () => {
    expect(readConfig({ DOCKET_TEAMS: 'local', ...app, DOCKET_TEAMS_TENANTS: TENANT })).toEqual({
      ok: false,
      problems: [{ key: 'DOCKET_TEAMS', message: 'local turns Bot Framework authentication off; unset it when MicrosoftAppId is set' }],
    });
    expect(readConfig({ DOCKET_TEAMS: 'on' })).toEqual({ ok: false, problems: [{ key: 'DOCKET_TEAMS', message: 'expected local (the Bot Framework Emulator, no authentication) or unset, got "on"' }] });
  });

  it('refuses local mode beside a configured Slack workspace', () => {
    const problem = { key: 'DOCKET_TEAMS', message: 'local turns Bot Framework authentication off and is for trying Docket out on one machine; unset it when Slack is configured' };
    expect(readConfig({ DOCKET_TEAMS: 'local', SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ ok: false, problems: [problem] });
    expect(readConfig({ DOCKET_TEAMS: 'local', SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ ok: false, problems: [problem] });
  });
});

describe('the tenants Teams serves', () => {
  it('refuses to start in production without a tenant, saying what to set', () => {
    expect(readConfig(app)).toEqual({
      ok: false,
      problems: [{ key: 'DOCKET_TEAMS_TENANTS', message: "set MicrosoftAppTenantId or DOCKET_TEAMS_TENANTS so only your organisation's users are mapped (any Teams tenant can install a bot by its app id)" }],
    });
  });

  it('takes MicrosoftAppTenantId and DOCKET_TEAMS_TENANTS together, lower-cased, without repeats', () => {
    const r = readConfig({ ...app, MicrosoftAppTenantId: TENANT.toUpperCase(), DOCKET_TEAMS_TENANTS: ` ${OTHER} ,${TENANT},` });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.config.teams.tenants).toEqual([TENANT, OTHER.toLowerCase()]);
    const single = readConfig({ ...app, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT });
    expect(single.ok && single.config.teams.tenants).toEqual([TENANT]);
  });

  it('names the entries of DOCKET_TEAMS_TENANTS that are not tenant ids', () => {
    expect(readConfig({ ...app, DOCKET_TEAMS_TENANTS: `${TENANT},contoso.onmicrosoft.com,1234` })).toEqual({
      ok: false,
      problems: [{ key: 'DOCKET_TEAMS_TENANTS', message: 'expected Azure AD tenant ids (GUIDs such as b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d0f), comma-separated; not a tenant id: "contoso.onmicrosoft.com", "1234"' }],
    });
  });

  it('asks for the tenant id when MicrosoftAppTenantId is a domain name', () => {
    expect(readConfig({ ...app, MicrosoftAppTenantId: 'contoso.onmicrosoft.com' })).toEqual({
      ok: false,
      problems: [{ key: 'DOCKET_TEAMS_TENANTS', message: 'MicrosoftAppTenantId "contoso.onmicrosoft.com" is not a tenant id (a GUID); set DOCKET_TEAMS_TENANTS to your tenant\'s id so only your organisation\'s users are mapped' }],
    });
    expect(readConfig({ ...app, MicrosoftAppTenantId: 'contoso.onmicrosoft.com', DOCKET_TEAMS_TENANTS: TENANT }).ok).toBe(true);
  });
});
