// Past and running requests of one flow, read-only, for `docket diff`: which items stay on a
// pinned version, and the recorded requests a changed flow is replayed against.
import type { RequestState } from '../core/request/state.ts';

export interface InFlight {
  id: string;
  flowVersion: string;
  status: string;
}

export interface RequestHistory {
  /** requests of the flow still being decided (pending, sent back), oldest first */
  inFlight(flowId: string): Promise<InFlight[]>;
  /** cases of the flow not yet resolved (open or waiting), oldest first */
  openCases(flowId: string): Promise<InFlight[]>;
  /** ids of the flow's requests submitted at or after `since` (ISO), in submission order */
  submittedSince(flowId: string, since: string): Promise<{ id: string; submittedAt: string }[]>;
  /** the stored documents of these requests (unknown ids are left out) */
  requests(ids: readonly string[]): Promise<RequestState[]>;
  /** a stored flow definition by version, as saved when the version went live */
  flowVersion(flowId: string, version: string): Promise<unknown | undefined>;
  close(): Promise<void>;
}
