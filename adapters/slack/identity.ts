// Who a Slack user is in the Docket directory, and how to reach a person in Slack.
// People are keyed by email in org.yaml. An explicit `slackId` there wins; otherwise the email
// Slack knows for the user (users.info, scope users:read.email) joins them — but only for a user
// of our own workspace (auth.test's team; on Enterprise Grid, its organisation) who is not a
// Slack Connect stranger: anyone may put any email on a profile in their own workspace.
// Answers are remembered in platform_identities (an outsider without their email), so each user
// costs one API call a day; whether a user is ours is checked once per process as well, so a row
// is never the only proof that someone belongs to us.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { IdentityStore } from '../../src/ports/identities.ts';

/** how long a users.info answer is trusted before asking again (a changed email, a new hire) */
export const IDENTITY_TTL_MS = 24 * 60 * 60 * 1000;
/** how long "Slack has no user with this email" is believed */
const MISS_TTL_MS = 10 * 60 * 1000;

const SlackUser = z
  .object({
    id: z.string(),
    /** the user's own workspace: another one's for a Slack Connect user */
    team_id: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    /** Slack Connect: shares no channel with our workspace's people */
    is_stranger: z.boolean().optional(),
    enterprise_user: z.object({ enterprise_id: z.string().optional() }).loose().optional(),
    real_name: z.string().optional(),
    profile: z.object({ email: z.string().optional(), real_name: z.string().optional(), display_name: z.string().optional() }).loose().optional(),
  })
  .loose();
type SlackUser = z.infer<typeof SlackUser>;
const UserInfo = z.object({ user: SlackUser });
const AuthTest = z.object({ team_id: z.string().nullish(), enterprise_id: z.string().nullish() }).loose();

/** the workspace (and Enterprise Grid organisation) the bot token belongs to */
interface OurTeam {
  teamId?: string;
  enterpriseId?: string;
}

/** what Slack said about a user: whether they are ours, and their email if so */
interface Seen {
  ours: boolean;
  email?: string;
}

/** Slack's answers that mean "no such user here", as opposed to "could not ask" */
const NO_SUCH_USER = new Set(['user_not_found', 'user_not_visible', 'users_not_found']);
const slackErrorOf = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

export interface SlackIdentitiesDeps {
  directory: Directory;
  cache: IdentityStore;
  /** a client that fails fast (createLookupClient): emailOf runs before acks */
  api: webApi.WebClient;
  log: Logger;
  now?: () => Date;
}

export class SlackIdentities {
  readonly #byId = new Map<string, string>();
  readonly #misses = new Map<string, number>();
  readonly #asking = new Map<string, Promise<string | undefined>>();
  /** Slack user id → whether they belong to our workspace, as checked by this process */
  readonly #ours = new Map<string, boolean>();
  #team: Promise<OurTeam> | undefined;
  readonly #now: () => Date;

  constructor(private readonly deps: SlackIdentitiesDeps) {
    this.#now = deps.now ?? (() => new Date());
    for (const p of deps.directory.people()) if (p.slackId) this.#byId.set(p.slackId, p.email);
  }

  /**
   * the directory email of a Slack user; undefined when nobody in org.yaml is behind them (or
   * they are not of our workspace); throws when Slack could not be asked and nothing is known
   */
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
    const ours = this.#ours.get(slackUserId);
    if (cached && fresh && ours !== undefined) return ours ? this.#known(slackUserId, cached.email) : undefined;
    let seen: Seen | undefined;
    try {
      seen = await this.#ask(slackUserId);
    } catch (err) {
      // Slack is down, slow or rate limited: an older answer is better than none
      this.deps.log.warn('slack users.info failed', { user: slackUserId, err });
      if (cached) return this.#known(slackUserId, cached.email);
      throw err;
    }
    return seen?.ours ? this.#known(slackUserId, seen.email) : undefined;
  }

  /** users.info, checked against our workspace and remembered; undefined when Slack has no such user */
  async #ask(slackUserId: string): Promise<Seen | undefined> {
    let answer: unknown;
    let team: OurTeam;
    try {
      [answer, team] = await Promise.all([this.deps.api.users.info({ user: slackUserId }), this.#ourTeam()]);
    } catch (err) {
      if (NO_SUCH_USER.has(slackErrorOf(err) ?? '')) return undefined;
      throw err;
    }
    return this.#remember(UserInfo.parse(answer).user, team);
  }

  /** what Slack says about a user, kept: their email only when they are one of ours */
  async #remember(user: SlackUser, team: OurTeam): Promise<Seen> {
    const ours = isOurs(user, team);
    if (!ours) this.deps.log.info('slack user of another workspace (Slack Connect): not joined to the directory', { user: user.id, team: user.team_id });
    const email = ours && !user.deleted && !user.is_bot ? user.profile?.email?.toLowerCase() : undefined;
    const displayName = user.profile?.real_name || user.real_name || user.profile?.display_name;
    await this.deps.cache.remember({ platform: 'slack', platformUserId: user.id, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}), fetchedAt: this.#now().toISOString() });
    this.#ours.set(user.id, ours);
    return { ours, ...(email ? { email } : {}) };
  }

  /** auth.test, asked once (again only after a failure) */
  #ourTeam(): Promise<OurTeam> {
    this.#team ??= this.deps.api.auth
      .test()
      .then((answer) => {
        const t = AuthTest.parse(answer);
        if (!t.team_id && !t.enterprise_id) throw new Error('auth.test named no team and no enterprise');
        return { ...(t.team_id ? { teamId: t.team_id } : {}), ...(t.enterprise_id ? { enterpriseId: t.enterprise_id } : {}) };
      })
      .catch((err: unknown) => {
        this.#team = undefined;
        throw err;
      });
    return this.#team;
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
   * the Slack user to reach a person: org.yaml, the cache, then users.lookupByEmail — a user of
   * our workspace only; undefined when Slack has nobody of ours with that email; throws when
   * Slack could not be asked
   */
  async slackIdOf(email: string): Promise<string | undefined> {
    const explicit = this.explicitIdOf(email);
    if (explicit) return explicit;
    const person = this.deps.directory.person(email);
    if (!person) return undefined;
    // an outsider's profile may carry the same email (and rows from before the workspace check
    // may say so): a card goes only to a user of ours, each checked once per process
    for (const id of await this.deps.cache.idsOf('slack', person.email)) {
      if (await this.#isOurs(id, person.email)) return id;
    }
    const missed = this.#misses.get(person.email);
    if (missed !== undefined && this.#now().getTime() - missed < MISS_TTL_MS) return undefined;
    let found: { id: string; seen: Seen } | undefined;
    try {
      const [answer, team] = await Promise.all([this.deps.api.users.lookupByEmail({ email: person.email }), this.#ourTeam()]);
      const { user } = UserInfo.parse(answer);
      found = { id: user.id, seen: await this.#remember(user, team) };
    } catch (err) {
      // only "no such user" is an answer; an outage is thrown on, for the caller to retry
      if (slackErrorOf(err) !== 'users_not_found') throw err;
    }
    if (found?.seen.ours && found.seen.email === person.email) return found.id;
    this.#misses.set(person.email, this.#now().getTime());
    this.deps.log.info(found ? 'the only slack user with the email of a person is of another workspace' : 'no slack user has the email of a person', { email: person.email });
    return undefined;
  }

  /** whether a cached id is a user of our workspace who still has this email */
  async #isOurs(slackUserId: string, email: string): Promise<boolean> {
    const known = this.#ours.get(slackUserId);
    if (known !== undefined) return known;
    const seen = await this.#ask(slackUserId);
    return seen?.ours === true && seen.email === email;
  }

  /** a Slack user's name from org.yaml, for turning `<@U…>` into text without an API call */
  nameOf(slackUserId: string): string | undefined {
    const email = this.#byId.get(slackUserId);
    return email ? this.deps.directory.nameOf(email) : undefined;
  }
}

/** a user of our workspace, or on Enterprise Grid of a workspace in our organisation, and no stranger */
function isOurs(user: SlackUser, team: OurTeam): boolean {
  if (user.is_stranger) return false;
  if (team.teamId !== undefined && user.team_id === team.teamId) return true;
  const grid = team.enterpriseId;
  return grid !== undefined && (user.enterprise_user?.enterprise_id === grid || user.team_id === grid);
}
