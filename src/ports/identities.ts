// Who a platform user is in the Docket directory. Adapters look people up here before asking
// the platform (Slack users.info, Teams member lookup) and remember what they learnt.
import type { Platform } from './chat.ts';

export interface PlatformIdentity {
  platform: Platform;
  platformUserId: string;
  /** lower-cased; absent when the platform would not tell (no users:read.email, a guest) */
  email?: string;
  displayName?: string;
  fetchedAt: string;
}

export interface IdentityStore {
  find(platform: Platform, platformUserId: string): Promise<PlatformIdentity | undefined>;
  /** inserts or replaces what is known about one platform user */
  remember(identity: PlatformIdentity): Promise<void>;
  /** the platform user ids known for a person, newest first (to DM them) */
  idsOf(platform: Platform, email: string): Promise<string[]>;
}
