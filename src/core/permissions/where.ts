// Where a command was given, as far as the surface knows: the adapters fill it in (Slack from the
// channel id of a command or a modal's metadata, Teams from the conversation type, the console
// and the API by being themselves), and flows may restrict commands to some places.
import type { Place } from '../../flows/model.ts';

export type Surface = 'slack' | 'teams' | 'console' | 'api';

export interface Where {
  surface: Surface;
  /** dm: a direct/personal chat with Docket; channel: a shared channel or group chat; page: the console or the API */
  kind: 'dm' | 'channel' | 'page';
  /** the platform's channel id (Slack C…/G…, Teams 19:…@thread…), when kind is channel */
  channel?: string;
}

/** The case channels a place list may mean: a case flow's own, or every case type's for a request flow. */
export type CaseChannels = ReadonlyArray<{ slack?: string | undefined; teams?: string | undefined }>;

export function placeMatches(place: Place, where: Where, caseChannels: CaseChannels): boolean {
  switch (place) {
    case 'dm':
      return where.kind === 'dm' && (where.surface === 'slack' || where.surface === 'teams');
    case 'channel':
      return where.kind === 'channel';
    case 'case-channel':
      if (where.kind !== 'channel' || !where.channel) return false;
      // Teams thread conversation ids carry ";messageid=…" after the channel id
      return caseChannels.some((c) => (where.surface === 'slack' ? c.slack === where.channel : c.teams !== undefined && where.channel!.split(';')[0] === c.teams));
    case 'console':
      return where.surface === 'console';
    case 'api':
      return where.surface === 'api';
    default: {
      const unhandled: never = place;
      throw new Error(`unhandled place ${String(unhandled)}`);
    }
  }
}

/**
 * Whether a command given at `where` is allowed by a flow's place list. No list: anywhere (today's
 * behaviour). A list and no `where`: refused, since a surface that cannot say where it is cannot
 * prove it is in an allowed place (fail closed).
 */
export function placeAllowed(places: readonly Place[] | undefined, where: Where | undefined, caseChannels: CaseChannels): boolean {
  if (!places) return true;
  if (!where) return false;
  return places.some((p) => placeMatches(p, where, caseChannels));
}

const placeWords: Record<Place, string> = {
  dm: 'in a direct message with Docket',
  channel: 'in a channel',
  'case-channel': "in the case type's channel",
  console: 'in the web console',
  api: 'through the API',
};

/** "in a direct message with Docket or in the web console" */
export function describePlaces(places: readonly Place[], caseChannelNames: readonly string[] = []): string {
  const words = places.map((p) => (p === 'case-channel' && caseChannelNames.length ? `in ${caseChannelNames.join(' or ')}` : placeWords[p]));
  return words.length <= 1 ? (words[0] ?? 'nowhere') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
