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

export function noticeKey(platform: Platform, target: Target, now: Date): string {
  return `notice:${platform}:${targetKey(target)}:${now.toISOString().slice(0, 10)}`;
}

export function adminNotice(rowId: number, platform: Platform, target: Target, reason: string, directory: Directory): Delivery[] {
  const text =
    `Docket could not deliver to ${describeTarget(target, directory)} on ${platformName[platform]}: ${reason}. ` +
    `It will not be retried (outbox row ${rowId}). Check their entry in org.yaml, the channel, and the bot's access there.`;
  return directory.role('admin').map((email) => ({ type: 'message.post', target: { kind: 'person', email }, text }));
}
