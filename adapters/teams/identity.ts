// Who is clicking or typing: a Teams user mapped to a person in org.yaml. `from.aadObjectId` is
// the durable Azure AD id; org.yaml may name it (or the Teams user id 29:…) as `teamsId`.
// Otherwise we ask Teams for the member's sign-in name (TeamsInfo.getMember) and remember the
// answer in platform_identities for a day. No account linking: someone Teams cannot tie to
// org.yaml is refused, and so is everyone from a tenant that is not ours (tenant.ts), before
// anything else is looked at.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { IdentityStore } from '../../src/ports/identities.ts';
import { tenantOf, type TenantPolicy } from './tenant.ts';

const From = z.object({ id: z.string().min(1).max(300), name: z.string().max(300).optional(), aadObjectId: z.string().min(1).max(100).optional() });

/** a remembered lookup is asked again after this long: a renamed account maps anew within a day */
export const IDENTITY_TTL_MS = 24 * 60 * 60 * 1000;

export type Who =
  | { ok: true; email: string; teamsUserId: string }
  /**
   * anonymous: no Azure AD identity (a meeting guest, an anonymous user); unknown: not in org.yaml,
   * or (`otherTenant`) from an organisation Docket does not serve
   */
  | { ok: false; reason: 'anonymous' | 'unknown'; shown: string; otherTenant?: true };

export interface PeopleDeps {
  identities: IdentityStore;
  directory: Directory;
  tenants: TenantPolicy;
  now: () => Date;
  log: Logger;
}

type Lookup = { email?: string; failed: boolean };

export class TeamsPeople {
  constructor(private readonly deps: PeopleDeps) {}

  async resolve(context: TurnContext): Promise<Who> {
    const parsed = From.safeParse(context.activity.from);
    const shownFirst = parsed.success ? (parsed.data.name ?? parsed.data.id) : 'an anonymous user';
    if (!this.deps.tenants.allows(context.activity)) {
      this.deps.log.warn('teams: refused an activity from a tenant that is not ours', { tenant: tenantOf(context.activity).id ?? 'none', type: context.activity.type });
      return { ok: false, reason: 'unknown', shown: shownFirst, otherTenant: true };
    }
    if (!parsed.success) return { ok: false, reason: 'anonymous', shown: 'an anonymous user' };
    const from = parsed.data;
    const { directory, identities } = this.deps;
    const shown = from.name ?? from.id;

    // org.yaml first: it is in memory and it is the source of truth
    const named = directory.people().find((p) => p.teamsId !== undefined && (p.teamsId === from.aadObjectId || p.teamsId === from.id));
    if (named) return { ok: true, email: named.email, teamsUserId: from.id };

    // Without an Azure AD id there is nothing durable to tie the person to (the Emulator's
    // users and meeting guests): only org.yaml's teamsId above can name them.
    if (!from.aadObjectId) return { ok: false, reason: 'anonymous', shown };

    const cached = await identities.find('teams', from.aadObjectId);
    const fresh = cached !== undefined && this.deps.now().getTime() - Date.parse(cached.fetchedAt) < IDENTITY_TTL_MS;
    if (cached?.email && fresh) {
      const person = directory.person(cached.email);
      if (person) return { ok: true, email: person.email, teamsUserId: from.id };
    }

    const lookup = await this.memberEmail(context, from.id);
    // Teams could not be asked just now: a day-old answer beats locking everyone out
    const email = lookup.email ?? (lookup.failed ? cached?.email : undefined);
    if (lookup.email) await identities.remember({ platform: 'teams', platformUserId: from.aadObjectId, email: lookup.email, ...(from.name ? { displayName: from.name } : {}), fetchedAt: this.deps.now().toISOString() });
    if (email) {
      const person = directory.person(email);
      if (person) return { ok: true, email: person.email, teamsUserId: from.id };
      return { ok: false, reason: 'unknown', shown: email };
    }
    return { ok: false, reason: 'unknown', shown };
  }

  /**
   * The member's sign-in name (UPN) as the tenant knows it; the `mail` attribute only when there
   * is no UPN. The UPN is what the user signs in with and is unique in the tenant; `mail` is a
   * plain attribute an admin may set to anything, even another person's address.
   */
  private async memberEmail(context: TurnContext, userId: string): Promise<Lookup> {
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const email = member.userPrincipalName || member.email;
      return email && /^[^\s@]+@[^\s@]+$/.test(email) ? { email: email.toLowerCase(), failed: false } : { failed: false };
    } catch (err) {
      // 404: not a member of this conversation any more; anything else: the lookup failed
      const status = (err as { statusCode?: unknown }).statusCode;
      this.deps.log.warn('teams: member lookup failed', { userId, err });
      return { failed: status !== 404 };
    }
  }
}
