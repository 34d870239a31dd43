// Which Azure AD tenant an activity comes from, and whether it is one of ours. A Bot Framework
// token proves only that Teams sent the activity, not from which organisation: anyone can upload
// an app package naming our bot id into their own tenant, and their admin sets their users'
// `mail` to whatever they like. So nobody from another tenant is mapped to org.yaml, and no
// conversation of theirs is remembered as a place to post to.
import type { Activity } from 'botbuilder';

/** The activity's tenant: channelData.tenant.id and conversation.tenantId, which must agree. */
export function tenantOf(activity: Pick<Activity, 'channelData' | 'conversation'>): { id?: string; conflict: boolean } {
  const data = activity.channelData as unknown;
  const tenant = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).tenant : undefined;
  const fromData = tenant !== null && typeof tenant === 'object' ? (tenant as Record<string, unknown>).id : undefined;
  const fromConversation = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  const ids = [fromData, fromConversation].filter((t): t is string => typeof t === 'string' && t !== '').map((t) => t.toLowerCase());
  const [first] = ids;
  return { ...(first ? { id: first } : {}), conflict: ids.some((t) => t !== first) };
}

export class TenantPolicy {
  private readonly allowed: ReadonlySet<string>;

  /**
   * `allowed`: the tenant ids of our organisation (lower-cased). An empty list accepts every
   * tenant only when `anyWhenEmpty` (local mode with the Emulator, which sends no tenant);
   * otherwise it accepts none, so a mistake fails closed.
   */
  constructor(
    allowed: readonly string[],
    private readonly anyWhenEmpty: boolean,
  ) {
    this.allowed = new Set(allowed.map((t) => t.toLowerCase()));
  }

  allows(activity: Pick<Activity, 'channelData' | 'conversation'>): boolean {
    if (this.allowed.size === 0) return this.anyWhenEmpty;
    const { id, conflict } = tenantOf(activity);
    return !conflict && id !== undefined && this.allowed.has(id);
  }
}
