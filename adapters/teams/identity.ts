// Who is clicking or typing: a Teams user mapped to a person in org.yaml. `from.aadObjectId` is
// the durable Azure AD id; org.yaml may name it (or the Teams user id 29:…) as `teamsId`.
// Otherwise we ask Teams for the member's email (TeamsInfo.getMember) and remember the answer in
// platform_identities. No account linking: someone Teams cannot tie to org.yaml is refused.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { IdentityStore } from '../../src/ports/identities.ts';

const From = z.object({ id: z.string().min(1).max(300), name: z.string().max(300).optional(), aadObjectId: z.string().min(1).max(100).optional() });

export type Who =
  | { ok: true; email: string; teamsUserId: string }
  /** anonymous: no Azure AD identity (a meeting guest, an anonymous user); unknown: not in org.yaml */
  | { ok: false; reason: 'anonymous' | 'unknown'; shown: string };

export interface PeopleDeps {
  identities: IdentityStore;
  directory: Directory;
  now: () => Date;
  log: Logger;
}

export class TeamsPeople {
  constructor(private readonly deps: PeopleDeps) {}

  async resolve(context: TurnContext): Promise<Who> {
    const parsed = From.safeParse(context.activity.from);
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
    if (cached?.email) {
      const person = directory.person(cached.email);
      if (person) return { ok: true, email: person.email, teamsUserId: from.id };
    }

    const email = await this.memberEmail(context, from.id);
    if (email) {
      await identities.remember({ platform: 'teams', platformUserId: from.aadObjectId, email, ...(from.name ? { displayName: from.name } : {}), fetchedAt: this.deps.now().toISOString() });
      const person = directory.person(email);
      if (person) return { ok: true, email: person.email, teamsUserId: from.id };
      return { ok: false, reason: 'unknown', shown: email };
    }
    return { ok: false, reason: 'unknown', shown };
  }

  /** The member's email as the tenant knows it (the UPN when no mail is set). */
  private async memberEmail(context: TurnContext, userId: string): Promise<string | undefined> {
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const email = member.email ?? member.userPrincipalName;
      return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email.toLowerCase() : undefined;
    } catch (err) {
      // not a member any more, or the lookup failed: the person is simply not known this time
      this.deps.log.warn('teams: member lookup failed', { userId, err });
      return undefined;
    }
  }
}
