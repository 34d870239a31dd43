// Instants as a person reads them: in their own time zone, with the zone named, because a card
// seen in Berlin and New York must not mean two different deadlines.
import { DateTime } from 'luxon';
import type { SlaState } from '../time/sla.ts';

/** "Tue 1 Dec 17:00 GMT+1" */
export function formatInstant(at: Date, zone: string): string {
  // luxon builds Intl formats for the zone name on each call; the same deadline is drawn on
  // every card of a request, commit after commit, so the text is remembered (bounded)
  const key = `${zone} ${at.getTime()}`;
  let text = drawn.get(key);
  if (text === undefined) {
    text = DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL HH:mm ZZZZ');
    if (drawn.size >= 10_000) drawn.clear();
    drawn.set(key, text);
  }
  return text;
}

const drawn = new Map<string, string>();

const words: Record<SlaState, string> = { on_track: 'On track', at_risk: 'At risk', breached: 'Overdue' };

export function slaWord(state: SlaState): string {
  return words[state];
}
