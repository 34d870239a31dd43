// "Who may": a list of people, groups, roles or everyone, as flows and org.yaml write it.
import type { Audience } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';

export function inAudience(audience: readonly Audience[] | undefined, email: string, directory: Directory): boolean {
  if (!audience) return true;
  const me = email.toLowerCase();
  return audience.some((a) => {
    if (a === 'everyone') return directory.person(me) !== undefined;
    if ('person' in a) return a.person === me;
    if ('group' in a) return directory.group(a.group)?.members.includes(me) ?? false;
    return directory.role(a.role).includes(me);
  });
}

/** "Fiona Walsh, the Finance group or the cfo role" — the words a refusal says "who instead" with. */
export function describeAudience(audience: readonly Audience[], directory: Directory): string {
  const words = audience.map((a) => {
    if (a === 'everyone') return 'everyone in the directory';
    if ('person' in a) return directory.nameOf(a.person);
    if ('group' in a) return `the ${directory.group(a.group)?.name ?? a.group} group`;
    return `the ${a.role} role`;
  });
  return words.length <= 1 ? (words[0] ?? 'nobody') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** Everyone an audience names, for telling them something (flow admins). */
export function membersOf(audience: readonly Audience[], directory: Directory): string[] {
  const out = new Set<string>();
  for (const a of audience) {
    if (a === 'everyone') directory.people().forEach((p) => out.add(p.email));
    else if ('person' in a) out.add(a.person);
    else if ('group' in a) directory.group(a.group)?.members.forEach((m) => out.add(m));
    else directory.role(a.role).forEach((m) => out.add(m));
  }
  return [...out];
}
