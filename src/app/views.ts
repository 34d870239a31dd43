// What a person sees, for every surface alike: one card for one item, and their home — what
// waits on them, their own requests, their cases. Reads only; never changes state.
import type { Card } from '../core/card.ts';
import { caseCard } from '../core/case/card.ts';
import type { CaseState } from '../core/case/state.ts';
import { requestCard } from '../core/request/card.ts';
import type { RequestState } from '../core/request/state.ts';
import type { Engine } from './execute.ts';
import { caseFlowAt, requestFlowAt } from './flow-versions.ts';

export interface Home {
  waitingOnMe: Card[];
  myRequests: Card[];
  myCases: Card[];
  /** how many there are in all (at most COUNT_CAP), for "20 of 274" */
  totals: { waitingOnMe: number; myRequests: number; myCases: number };
}

/** counts past this read "1000+": a home is for what is current, the console lists the rest */
export const COUNT_CAP = 1000;

export class Views {
  constructor(private readonly engine: Engine) {}

  /** the card of "request:R-1" / "case:C-1" as `viewer` should see it; undefined if there is no such item */
  async card(subject: string, viewer: string): Promise<Card | undefined> {
    const { store } = this.engine.deps;
    const [kind, id] = subject.split(':');
    if (!id) return undefined;
    if (kind === 'request') {
      const r = await store.getRequest(id);
      return r ? this.requestCard(r, viewer) : undefined;
    }
    if (kind === 'case') {
      const c = await store.getCase(id);
      return c ? this.caseCard(c, viewer) : undefined;
    }
    return undefined;
  }

  /**
   * Whether `viewer` may see "request:R-1" / "case:C-1" at all (false when there is no such item).
   * A request is for its requester, everyone asked to approve it (and whoever covers for them),
   * whoever an escalation sent it to, and admins. A case's card lives in its channel for everyone
   * there and its thread takes notes from anyone in the directory, so anyone in it may see a case.
   */
  async mayView(subject: string, viewer: string): Promise<boolean> {
    const { store, directory, now } = this.engine.deps;
    const me = viewer.toLowerCase();
    const [kind, id] = subject.split(':');
    if (!id || !directory.person(me)) return false;
    if (kind === 'case') return (await store.getCase(id)) !== undefined;
    if (kind !== 'request') return false;
    const r = await store.getRequest(id);
    if (!r) return false;
    if (r.requester === me || directory.isAdmin(me)) return true;
    const covered = new Set(directory.coveredBy(me, now()));
    if (r.steps.some((s) => s.slots.some((slot) => slot.email === me || slot.onBehalfOf === me || covered.has(slot.email)))) return true;
    // the rarest case last: an escalation posted the card to someone outside the steps
    const escalations = (await store.timeline(subject)).filter((e) => e.type === 'request.escalated');
    return escalations.some((e) => Array.isArray(e.data.to) && e.data.to.includes(me));
  }

  async requestCard(r: RequestState, viewer: string): Promise<Card> {
    const { flows, store } = this.engine.deps;
    return requestCard(r, await requestFlowAt(flows, store, r.flowId, r.flowVersion), viewer.toLowerCase(), this.engine.context(viewer));
  }

  async caseCard(c: CaseState, viewer: string): Promise<Card> {
    const { flows, store } = this.engine.deps;
    return caseCard(c, await caseFlowAt(flows, store, c.flowId, c.flowVersion), this.engine.context(viewer), viewer.toLowerCase());
  }

  /** a person's home: approvals waiting on them (or on people they cover for), their requests, their cases */
  async home(email: string, limit = 20): Promise<Home> {
    const { store, directory, now } = this.engine.deps;
    const me = email.toLowerCase();
    // the rows are read to the cap to count them; only the first `limit` become cards
    const waiting = await store.waitingOn([me, ...directory.coveredBy(me, now())], COUNT_CAP);
    const mine = await store.requestsBy(me, { limit: COUNT_CAP });
    const cases = await store.casesOf(me, { open: true, limit: COUNT_CAP });
    return {
      waitingOnMe: await Promise.all(waiting.slice(0, limit).map((r) => this.requestCard(r, me))),
      myRequests: await Promise.all(mine.slice(0, limit).map((r) => this.requestCard(r, me))),
      myCases: await Promise.all(cases.slice(0, limit).map((c) => this.caseCard(c, me))),
      totals: { waitingOnMe: waiting.length, myRequests: mine.length, myCases: cases.length },
    };
  }
}
