// DOCKET_TEAMS=local: the Teams endpoint without Bot Framework authentication, for the Emulator.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';

describe('DOCKET_TEAMS', () => {
  it('turns Teams on in local mode, and says so in the settings', () => {
    const r = readConfig({ DOCKET_TEAMS: 'local' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.config.teams.local).toBe(true);
    expect(r.config.platforms.teams).toBe(true);
    expect(r.config.describe()).toContain('teams: LOCAL MODE (no Bot Framework authentication, for the Emulator; messages at POST /api/messages)');
  });

  it('is off unless asked for', () => {
    const r = readConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' });
    expect(r.ok && [r.config.teams.local, r.config.platforms.teams]).toEqual([false, true]);
    const none = readConfig({});
    expect(none.ok && [none.config.teams.local, none.config.platforms.teams]).toEqual([false, false]);
  });

  it('refuses local mode together with an app id, and values other than local', () => {
    expect(readConfig({ DOCKET_TEAMS: 'local', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' })).toEqual({
      ok: false,
      problems: [{ key: 'DOCKET_TEAMS', message: 'local turns Bot Framework authentication off; unset it when MicrosoftAppId is set' }],
    });
    expect(readConfig({ DOCKET_TEAMS: 'on' })).toEqual({ ok: false, problems: [{ key: 'DOCKET_TEAMS', message: 'expected local (the Bot Framework Emulator, no authentication) or unset, got "on"' }] });
  });
});
