// Who owns a new case: a fixed person, the opener, or someone from a group by rotation or by
// least open work. The store supplies the rotation cursor and the counts; this picks.
import type { OwnerRouting } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';

export interface RoutingNeeds {
  /** people to choose among, present today; empty when the routing names one person */
  candidates: string[];
  strategy: 'fixed' | 'round-robin' | 'least-loaded';
  /** key of the rotation cursor, for round-robin */
  rotationKey?: string;
}

export function routingNeeds(routing: OwnerRouting, flowId: string, opener: string, directory: Directory, now: Date): RoutingNeeds {
  if (routing === 'opener') return { candidates: [opener], strategy: 'fixed' };
  if ('person' in routing) return { candidates: [routing.person], strategy: 'fixed' };
  const members = [...(directory.group(routing.group)?.members ?? [])];
  // people away today get no new cases, unless everyone is away
  const present = members.filter((m) => !directory.absence(m, now));
  const candidates = present.length > 0 ? present : members;
  return { candidates, strategy: routing.strategy, rotationKey: `case-owner:${flowId}:${routing.group}` };
}

export function pickOwner(needs: RoutingNeeds, rotation: number, loads: ReadonlyMap<string, number>): string | undefined {
  const { candidates } = needs;
  if (candidates.length === 0) return undefined;
  switch (needs.strategy) {
    case 'fixed':
      return candidates[0];
    case 'round-robin':
      return candidates[rotation % candidates.length];
    case 'least-loaded':
      // fewest open cases; ties go to the earlier person in the group's list
      return [...candidates].sort((a, b) => (loads.get(a) ?? 0) - (loads.get(b) ?? 0))[0];
    default: {
      const unhandled: never = needs.strategy;
      throw new Error(`unhandled strategy ${String(unhandled)}`);
    }
  }
}
