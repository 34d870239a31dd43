// The admin notice about a delivery that will never arrive: who could not be reached, where,
// and why. Sent once per target, platform and day, so a person missing from Slack does not
// bury the admins under one notice per card update.
import type { Delivery, Target } from '../core/delivery.ts';
import type { Directory } from '../ports/directory.ts';
import { targetKey, type Platform } from '../ports/chat.ts';

const platformName: Record<Platform, string> = { slack: 'Slack', teams: 'Microsoft Teams' };

export function describeTarget(target: Target, directory: Directory): string {
  return target.kind === 'person' ? `${directory.nameOf(target.email)} (${target.email})` : `channel ${target.channel.name}`;
}

/** Why a platform cannot reach a target, with what usually fixes it: the sentence admins read. */
export function unreachableReason(platform: Platform, target: Target): string {
  if (target.kind === 'channel') {
    return platform === 'slack'
      ? `the case flow's channel ${target.channel.name} has no slack channel id, or the bot is not in it`
      : `the case flow's channel ${target.channel.name} has no teams channel id, or the app is not installed in its team`;
  }
  return platform === 'slack'
    ? 'no Slack user is known for them (set slackId in org.yaml, or use the same email in Slack)'
    : 'the Docket app is not installed for them in Teams yet (they need to open it once, or an admin installs it for them)';
}

export function noticeKey(platform: Platform, target: Target, now: Date): string {
  return `notice:${platform}:${targetKey(target)}:${now.toISOString().slice(0, 10)}`;
}

export function adminNotice(rowId: number, platform: Platform, target: Target, reason: string, directory: Directory): Delivery[] {
  const text =
    `Docket could not deliver to ${describeTarget(target, directory)} on ${platformName[platform]}: ${reason}. ` +
    `It will not be retried (outbox row ${rowId}). Check their entry in org.yaml, the channel, and the bot's access there.`;
  return directory.role('admin').map((email) => ({ type: 'message.post', target: { kind: 'person', email }, text }));
}
