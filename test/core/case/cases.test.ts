import { describe, expect, it } from 'vitest';
import { caseCard } from '../../../src/core/case/card.ts';
import { runCase, type CaseCommand } from '../../../src/core/case/commands.ts';
import { caseDeliveries } from '../../../src/core/case/deliveries.ts';
import { openCase } from '../../../src/core/case/open.ts';
import { pickOwner, routingNeeds } from '../../../src/core/case/routing.ts';
import type { CaseState } from '../../../src/core/case/state.ts';
import { changeTask } from '../../../src/core/case/tasks.ts';
import { accepted, refusedWith } from '../../support/engine-steps.ts';
import { caseFlow, ctx, directory } from '../../support/world.ts';

const incident = caseFlow('incident');
const open = (priority = 'p3', by = 'ann@example.com'): CaseState =>
  accepted(openCase({ id: 'C-1', flow: incident, title: '  VPN   down ', priority, fields: { service: 'vpn' }, owner: 'ivan@example.com' }, ctx(by))).state;
const run = (c: CaseState, command: CaseCommand, by: string) => runCase(c, incident, command, ctx(by));

describe('opening a case', () => {
  it('sets owner, initial status, priority, template tasks, and tidies the title', () => {
    const c = open();
    expect(c).toMatchObject({ title: 'VPN down', owner: 'ivan@example.com', status: 'new', category: 'open', priority: 'p3', openedBy: 'ann@example.com' });
    expect(c.tasks.map((t) => [t.id, t.title])).toEqual([['T1', 'Write a first assessment']]);
  });

  it('fires the P1 rule that pages the on-call group', () => {
    const change = accepted(openCase({ id: 'C-1', flow: incident, title: 'All down', priority: 'p1', fields: {} }, ctx('ann@example.com')));
    expect(change.notices).toEqual([
      { type: 'message.post', target: { kind: 'person', email: 'ivan@example.com' }, text: 'P1: All down' },
      { type: 'message.post', target: { kind: 'person', email: 'ida@example.com' }, text: 'P1: All down' },
    ]);
    expect(change.events.map((e) => e.type)).toEqual(['case.opened', 'case.task_added', 'case.rule_fired']);
  });

  it('refuses an unknown priority and an empty title', () => {
    refusedWith(openCase({ id: 'C-1', flow: incident, title: 'x', priority: 'p9', fields: {} }, ctx('ann@example.com')), 'case.priority_unknown');
    refusedWith(openCase({ id: 'C-1', flow: incident, title: '   ', fields: {} }, ctx('ann@example.com')), 'form.invalid');
  });
});

describe('routing', () => {
  it('round-robin walks the present members; least-loaded picks the fewest open cases', () => {
    const needs = routingNeeds({ group: 'it-oncall', strategy: 'round-robin' }, 'incident', 'ann@example.com', directory, new Date('2026-11-30T09:00:00Z'));
    expect([0, 1, 2].map((n) => pickOwner(needs, n, new Map()))).toEqual(['ivan@example.com', 'ida@example.com', 'ivan@example.com']);
    const least = { ...needs, strategy: 'least-loaded' as const };
    expect(pickOwner(least, 0, new Map([['ivan@example.com', 3], ['ida@example.com', 1]]))).toBe('ida@example.com');
  });

  it('skips people who are away today, unless everyone is', () => {
    const needs = routingNeeds({ group: 'ops-and-sales', strategy: 'round-robin' }, 'x', 'ann@example.com', directory, new Date('2026-12-05T09:00:00Z'));
    expect(needs.candidates).toEqual(['bob@example.com']);
    expect(routingNeeds({ group: 'ops-and-sales', strategy: 'round-robin' }, 'x', 'ann@example.com', directory, new Date('2026-11-30T09:00:00Z')).candidates).toEqual(['olga@example.com', 'bob@example.com']);
    const ops = routingNeeds({ group: 'ops', strategy: 'round-robin' }, 'x', 'ann@example.com', directory, new Date('2026-12-05T09:00:00Z'));
    expect(ops.candidates).toEqual(['olga@example.com']);
  });
});

describe('running a case', () => {
  it('only the owner, members or an admin change it; anyone in the directory may write a note', () => {
    const c = open();
    refusedWith(run(c, { type: 'set_status', status: 'investigating' }, 'sue@example.com'), 'case.not_allowed');
    expect(accepted(run(c, { type: 'set_status', status: 'investigating' }, 'adam@example.com')).state.status).toBe('investigating');
    expect(accepted(run(c, { type: 'add_note', text: 'Seeing it too', source: 'thread' }, 'sue@example.com')).events[0]).toMatchObject({ type: 'case.note_added', data: { text: 'Seeing it too', source: 'thread' } });
    refusedWith(run(c, { type: 'add_note', text: 'hi' }, 'mallory@evil.test'), 'person.unknown');
  });

  it('lets a member of the routing group take ownership; the old owner stays a member', () => {
    const c = accepted(run(open(), { type: 'take' }, 'ida@example.com')).state;
    expect([c.owner, c.members]).toEqual(['ida@example.com', ['ivan@example.com']]);
    refusedWith(run(c, { type: 'take' }, 'sue@example.com'), 'case.not_allowed');
    refusedWith(run(c, { type: 'take' }, 'ida@example.com'), 'case.already_owner');
  });

  it('follows the allowed transitions and names the choices when refusing', () => {
    const c = open();
    expect(refusedWith(run(c, { type: 'set_status', status: 'waiting' }, 'ivan@example.com'), 'case.transition_not_allowed')).toMatchObject({ from: 'new', to: 'waiting', choices: ['investigating', 'resolved'] });
    expect(refusedWith(run(c, { type: 'set_status', status: 'bogus' }, 'ivan@example.com'), 'case.status_unknown')).toMatchObject({ choices: ['new', 'investigating', 'waiting', 'resolved'] });
    const investigating = accepted(run(c, { type: 'set_status', status: 'Investigating' }, 'ivan@example.com')).state;
    expect(accepted(run(investigating, { type: 'set_status', status: 'waiting' }, 'ivan@example.com')).state.category).toBe('waiting');
  });

  it('records first response when someone other than the opener acts', () => {
    const c = open();
    expect(c.firstResponseAt).toBeUndefined();
    expect(accepted(run(c, { type: 'add_note', text: 'me again' }, 'ann@example.com')).state.firstResponseAt).toBeUndefined();
    expect(accepted(run(c, { type: 'add_note', text: 'looking' }, 'ivan@example.com')).state.firstResponseAt).toBe('2026-11-30T09:00:00.000Z');
    // a bystander watching or writing a note is not a response
    expect(accepted(run(c, { type: 'add_watcher', person: 'frank@example.com' }, 'frank@example.com')).state.firstResponseAt).toBeUndefined();
    expect(accepted(run(c, { type: 'add_note', text: '+1' }, 'frank@example.com')).state.firstResponseAt).toBeUndefined();
  });

  it('resolves with a note, refuses changes while resolved, and reopens', () => {
    const c = open();
    refusedWith(run(c, { type: 'resolve', resolution: ' ' }, 'ivan@example.com'), 'case.text_required');
    const resolved = accepted(run(c, { type: 'resolve', resolution: 'Restarted the VPN' }, 'ivan@example.com')).state;
    expect(resolved).toMatchObject({ status: 'resolved', category: 'closed', resolution: 'Restarted the VPN' });
    refusedWith(run(resolved, { type: 'set_priority', priority: 'p1' }, 'ivan@example.com'), 'case.closed');
    refusedWith(run(c, { type: 'reopen' }, 'ivan@example.com'), 'case.not_closed');
    const reopened = accepted(run(resolved, { type: 'reopen', reason: 'Down again' }, 'ivan@example.com')).state;
    expect(reopened).toMatchObject({ status: 'new', category: 'open', reopenCount: 1 });
    expect(reopened.resolution).toBeUndefined();
  });

  it('manages tasks: add with assignee and due date, assign, complete, reopen', () => {
    let c = open();
    c = accepted(changeTask(c, incident, { type: 'add', title: 'Call vendor', assignee: 'IDA@example.com', due: '2026-12-01' }, ctx('ivan@example.com'))).state;
    expect(c.tasks[1]).toMatchObject({ id: 'T2', title: 'Call vendor', assignee: 'ida@example.com', due: '2026-12-02T04:59:59.000Z' }); // the end of 1 December where Ivan is (New York)
    refusedWith(changeTask(c, incident, { type: 'set_due', task: 'T2', due: 'tomorrow' }, ctx('ivan@example.com')), 'case.due_invalid');
    c = accepted(changeTask(c, incident, { type: 'complete', task: 't2' }, ctx('ivan@example.com'))).state;
    refusedWith(changeTask(c, incident, { type: 'complete', task: 'T2' }, ctx('ivan@example.com')), 'case.task_already_done');
    c = accepted(changeTask(c, incident, { type: 'reopen', task: 'T2' }, ctx('ivan@example.com'))).state;
    expect(c.tasks[1]!.done).toBeUndefined();
    refusedWith(changeTask(c, incident, { type: 'complete', task: 'T9' }, ctx('ivan@example.com')), 'case.task_not_found');
  });
});

describe('what chat shows', () => {
  it('posts the root card in the case channel and a thread line per change, not echoing thread replies', () => {
    const c = open();
    const change = accepted(run(c, { type: 'set_priority', priority: 'p1' }, 'ivan@example.com'));
    const deliveries = caseDeliveries(change, incident, ctx('ivan@example.com'));
    expect(deliveries[0]).toMatchObject({ type: 'card.upsert', target: { kind: 'channel', channel: { slack: 'C0INCIDENT' } }, card: { key: 'case:C-1' } });
    expect(deliveries[1]).toEqual({ type: 'thread.reply', target: { kind: 'channel', channel: incident.def.channel }, cardKey: 'case:C-1', text: 'Ivan IT changed the priority from p3 to p1.' });
    const note = accepted(run(c, { type: 'add_note', text: 'typed in thread', source: 'thread' }, 'sue@example.com'));
    expect(caseDeliveries(note, incident, ctx('sue@example.com')).filter((d) => d.type === 'thread.reply')).toEqual([]);
  });

  it('the card shows owner, priority and tasks, with Reopen only once resolved', () => {
    const c = open();
    const card = caseCard(c, incident, ctx('ann@example.com'));
    expect(card.fields.slice(0, 3)).toEqual([{ label: 'Owner', value: 'Ivan IT' }, { label: 'Priority', value: 'p3 · Normal' }, { label: 'Opened by', value: 'Ann Smith' }]);
    // the channel's copy (no viewer): what the case's state allows; the engine judges each click
    expect(card.actions.map((a) => a.id)).toEqual([
      'case.take', 'case.set_status', 'case.set_priority', 'case.add_task', 'case.add_note', 'case.resolve', 'case.assign', 'case.complete_task',
      'case.assign_task', 'case.set_task_due', 'case.add_member', 'case.link', 'case.start_request', 'case.watch',
    ]);
    const resolved = accepted(run(c, { type: 'resolve', resolution: 'done' }, 'ivan@example.com')).state;
    expect(caseCard(resolved, incident, ctx('ann@example.com')).actions.map((a) => a.id)).toEqual(['case.reopen', 'case.link', 'case.watch']);
    // a person's own copy: the owner is not offered Take; the opener who only opened it gets no owner tools
    expect(caseCard(c, incident, ctx('ivan@example.com'), 'ivan@example.com').actions.map((a) => a.id)).not.toContain('case.take');
    expect(caseCard(c, incident, ctx('ivan@example.com'), 'ivan@example.com').actions.map((a) => a.id)).toContain('case.resolve');
    expect(caseCard(c, incident, ctx('ann@example.com'), 'ann@example.com').actions.map((a) => a.id)).toEqual(['case.add_note', 'case.watch']);
  });
});

describe('who hears about a case', () => {
  const dms = (change: ReturnType<typeof accepted<CaseState>>, by: string) =>
    caseDeliveries(change, incident, ctx(by)).filter((d) => d.type === 'message.post').map((d) => [d.target.kind === 'person' ? d.target.email : '', d.type === 'message.post' ? d.text : '']);

  it('tells members and watchers of updates, not of plain notes; never the author; never someone who muted it', () => {
    let c = open();
    c = accepted(run(c, { type: 'add_member', person: 'ida@example.com' }, 'ivan@example.com')).state;
    c = accepted(run(c, { type: 'add_watcher', person: 'sue@example.com' }, 'sue@example.com')).state;
    c = accepted(run(c, { type: 'add_watcher', person: 'sam@example.com' }, 'sam@example.com')).state;
    c = accepted(run(c, { type: 'mute' }, 'sam@example.com')).state;
    expect(dms(accepted(run(c, { type: 'add_note', text: 'Looking' }, 'ivan@example.com')), 'ivan@example.com')).toEqual([]);
    expect(dms(accepted(run(c, { type: 'add_note', text: 'Vendor on site', update: true }, 'ivan@example.com')), 'ivan@example.com')).toEqual([
      ['ida@example.com', `${c.id} · ${c.title}: update from Ivan IT: Vendor on site`],
      ['sue@example.com', `${c.id} · ${c.title}: update from Ivan IT: Vendor on site`],
    ]);
    // a member changes the status: the owner hears of it too, the author does not
    expect(dms(accepted(run(c, { type: 'set_status', status: 'investigating' }, 'ida@example.com')), 'ida@example.com').map((d) => d[0])).toEqual(['sue@example.com', 'ivan@example.com']);
    // leaving and unwatching
    c = accepted(run(c, { type: 'remove_member', person: 'ida@example.com' }, 'ida@example.com')).state;
    c = accepted(run(c, { type: 'remove_watcher', person: 'sue@example.com' }, 'sue@example.com')).state;
    expect([c.members, c.watchers]).toEqual([[], ['sam@example.com']]);
    // removing someone else is running the case
    refusedWith(run({ ...c, members: ['ida@example.com'] }, { type: 'remove_member', person: 'ida@example.com' }, 'sue@example.com'), 'case.not_allowed');
  });
});
