// Who a Slack user is in the Docket directory, and how to reach a person in Slack.
// People are keyed by email in org.yaml. An explicit `slackId` there wins; otherwise the email
// Slack knows for the user (users.info, scope users:read.email) joins them, remembered in
// platform_identities so each user costs one API call a day at most.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { IdentityStore } from '../../src/ports/identities.ts';

/** how long a users.info answer is trusted before asking again (a changed email, a new hire) */
export const IDENTITY_TTL_MS = 24 * 60 * 60 * 1000;
/** how long "Slack has no user with this email" is believed */
const MISS_TTL_MS = 10 * 60 * 1000;

const UserInfo = z.object({
  user: z
    .object({
      id: z.string(),
      deleted: z.boolean().optional(),
      is_bot: z.boolean().optional(),
      real_name: z.string().optional(),
      profile: z.object({ email: z.string().optional(), real_name: z.string().optional(), display_name: z.string().optional() }).loose().optional(),
    })
    .loose(),
});

export interface SlackIdentitiesDeps {
  directory: Directory;
  cache: IdentityStore;
  api: webApi.WebClient;
  log: Logger;
  now?: () => Date;
}

export class SlackIdentities {
  readonly #byId = new Map<string, string>();
  readonly #misses = new Map<string, number>();
  readonly #asking = new Map<string, Promise<string | undefined>>();
  readonly #now: () => Date;

  constructor(private readonly deps: SlackIdentitiesDeps) {
    this.#now = deps.now ?? (() => new Date());
    for (const p of deps.directory.people()) if (p.slackId) this.#byId.set(p.slackId, p.email);
  }

  /** the directory email of a Slack user, or undefined when nobody in org.yaml is behind them */
  async emailOf(slackUserId: string): Promise<string | undefined> {
    const explicit = this.#byId.get(slackUserId);
    if (explicit) return explicit;
    // a burst of clicks by one new user asks Slack once
    const running = this.#asking.get(slackUserId);
    if (running) return running;
    const asking = this.#lookUp(slackUserId).finally(() => this.#asking.delete(slackUserId));
    this.#asking.set(slackUserId, asking);
    return asking;
  }

  async #lookUp(slackUserId: string): Promise<string | undefined> {
    const cached = await this.deps.cache.find('slack', slackUserId);
    const fresh = cached && this.#now().getTime() - Date.parse(cached.fetchedAt) < IDENTITY_TTL_MS;
    if (cached && fresh) return this.#known(slackUserId, cached.email);
    try {
      const info = UserInfo.parse(await this.deps.api.users.info({ user: slackUserId }));
      const email = info.user.deleted || info.user.is_bot ? undefined : info.user.profile?.email?.toLowerCase();
      const displayName = info.user.profile?.real_name || info.user.real_name || info.user.profile?.display_name;
      await this.deps.cache.remember({ platform: 'slack', platformUserId: slackUserId, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}), fetchedAt: this.#now().toISOString() });
      return this.#known(slackUserId, email);
    } catch (err) {
      // Slack is down or the scope is missing: an older answer is better than none
      this.deps.log.warn('slack users.info failed', { user: slackUserId, err });
      return cached ? this.#known(slackUserId, cached.email) : undefined;
    }
  }

  /** the email only if it names a person, and not one whose org.yaml names another Slack id */
  #known(slackUserId: string, email: string | undefined): string | undefined {
    if (!email) return undefined;
    const person = this.deps.directory.person(email);
    if (!person) return undefined;
    if (person.slackId && person.slackId !== slackUserId) {
      this.deps.log.warn('slack user has the email of a person whose org.yaml names another slackId; not mapped', { user: slackUserId, email: person.email });
      return undefined;
    }
    return person.email;
  }

  /** the org.yaml slackId of a person, without any lookup */
  explicitIdOf(email: string): string | undefined {
    return this.deps.directory.person(email)?.slackId;
  }

  /**
   * the Slack user to reach a person: org.yaml, the cache, then users.lookupByEmail; undefined
   * when Slack has nobody with that email; throws when Slack could not be asked
   */
  async slackIdOf(email: string): Promise<string | undefined> {
    const explicit = this.explicitIdOf(email);
    if (explicit) return explicit;
    const person = this.deps.directory.person(email);
    if (!person) return undefined;
    const [known] = await this.deps.cache.idsOf('slack', person.email);
    if (known) return known;
    const missed = this.#misses.get(person.email);
    if (missed !== undefined && this.#now().getTime() - missed < MISS_TTL_MS) return undefined;
    try {
      const found = UserInfo.parse(await this.deps.api.users.lookupByEmail({ email: person.email }));
      await this.deps.cache.remember({ platform: 'slack', platformUserId: found.user.id, email: person.email, fetchedAt: this.#now().toISOString() });
      return found.user.id;
    } catch (err) {
      // only "no such user" is an answer; an outage is thrown on, for the caller to retry
      if ((err as { data?: { error?: string } }).data?.error !== 'users_not_found') throw err;
      this.#misses.set(person.email, this.#now().getTime());
      this.deps.log.info('no slack user has the email of a person', { email: person.email });
      return undefined;
    }
  }

  /** a Slack user's name from org.yaml, for turning `<@U…>` into text without an API call */
  nameOf(slackUserId: string): string | undefined {
    const email = this.#byId.get(slackUserId);
    return email ? this.deps.directory.nameOf(email) : undefined;
  }
}
