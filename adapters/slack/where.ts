// Where in Slack a command was given, for flows that restrict places. Slack channel ids say it:
// D… is a direct message with the app, C… a public channel, G… a private channel or group DM.
// The app's Home tab is private to one person, so it counts as a direct message.
import type { Where } from '../../src/core/permissions/where.ts';

export const HOME_CHANNEL = 'home';

export function slackWhere(channel: string | undefined): Where | undefined {
  if (!channel) return undefined;
  if (channel === HOME_CHANNEL || channel.startsWith('D')) return { surface: 'slack', kind: 'dm' };
  if (/^[CG][A-Z0-9]+$/.test(channel)) return { surface: 'slack', kind: 'channel', channel };
  return undefined;
}
