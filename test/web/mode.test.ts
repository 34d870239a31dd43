// Which console a configuration gets: act-as only without a chat platform (or when asked for
// explicitly), the admin token otherwise, and off when there is neither.
import { describe, expect, it } from 'vitest';
import { consoleMode } from '../../adapters/web/mode.ts';
import { readConfig } from '../../src/config.ts';

const mode = (env: NodeJS.ProcessEnv) => {
  const read = readConfig(env);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return consoleMode(read.config).kind;
};
const slack = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' };
const teams = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: '0f0e0d0c-0b0a-4908-8706-050403020100' };
const token = { DOCKET_ADMIN_TOKEN: 'a-token-of-sixteen-chars' };

describe('console mode', () => {
  it.each([
    ['no platform', {}, 'local'],
    ['no platform, a token', token, 'local'],
    ['no platform, console off', { DOCKET_CONSOLE: 'off' }, 'off'],
    ['no platform, console off, a token', { DOCKET_CONSOLE: 'off', ...token }, 'admin'],
    ['Slack', slack, 'off'],
    ['Slack and a token', { ...slack, ...token }, 'admin'],
    ['Teams and a token', { ...teams, ...token }, 'admin'],
    ['Teams', teams, 'off'],
    ['Slack, explicitly local', { ...slack, DOCKET_CONSOLE: 'local' }, 'local'],
  ] as const)('%s', (_, env, expected) => {
    expect(mode(env)).toBe(expected);
  });
});
