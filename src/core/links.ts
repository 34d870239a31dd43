// The kinds of link a person may make between items. The inverse kinds (duplicated_by) and the
// kinds a start writes (started, started_by) are the engine's own.
import type { Link } from './request/state.ts';

export const LINK_KINDS: readonly Link['kind'][] = ['related', 'parent', 'child', 'duplicate_of'];
