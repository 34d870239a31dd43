// `docket simulate` on the example flows: the purchase flow at Christmas (holidays on the
// calendar) with Fiona away and Frank covering, in text and in JSON; and the command line's
// refusals with their exit codes.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

async function docket(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { FLOWS_DIR: 'flows' } });
  return { code, out, err };
}

const FORM = 'item=Laptop,total=12000EUR,category=software,justification=Our old laptops are too slow for the CRM';
const CHRISTMAS = ['--at', '2026-12-24T10:00', 'Europe/Berlin', '--away', 'fiona@example.com=frank@example.com:2026-12-31'];

describe('docket simulate purchase', () => {
  it('prints each step, why it applies, who is asked (with a delegate) and SLA due times past the holidays', async () => {
    const r = await docket('simulate', 'purchase', '--as', 'ann@example.com', '--form', FORM, ...CHRISTMAS);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toBe(
      [
        expect.any(String),
        'at Thu 24 Dec 2026 10:00 GMT+1 (Europe/Berlin)',
        'title: Laptop (12,000.00 EUR)',
        '  item = Laptop',
        '  total = 12,000.00 EUR',
        '  category = Software and subscriptions',
        '  justification = Our old laptops are too slow for the CRM',
        '',
        '1. Manager approval [manager]: applies, because it has no condition',
        '   asks (any one approval):',
        "     - Bob Baker <bob@example.com>: You are Ann Smith's manager.",
        // Thursday 10:00 + 2 business days: Friday 25th is Christmas Day, then the weekend
        '   SLA due Tue 29 Dec 2026 10:00 GMT+1 (Europe/Berlin; not counting Christmas Day (2026-12-25))',
        // escalation.after 3 business days, to the requester's manager's manager
        '   escalates Wed 30 Dec 2026 10:00 GMT+1 to Carol Chen',
        '   result: approved',
        '2. Finance review [finance]: applies, because "the total cost is over 5,000 (EUR or USD)" is true   [when: form.total.amount > 5000]',
        '   asks (any one approval):',
        '     - Frank Moreau <frank@example.com>, covering for Fiona Walsh: You cover for Fiona Walsh (away until 2026-12-31). They are in the Finance group.',
        '     - Victor Ortiz <victor@example.com>: You are in the Finance group.',
        '   note: Fiona Walsh is away until 2026-12-31; Frank Moreau covers.',
        '   SLA due Tue 29 Dec 2026 10:00 GMT+1 (Europe/Berlin; not counting Christmas Day (2026-12-25))',
        // no escalation.after: it goes to the CFO when the SLA breaches
        '   escalates Tue 29 Dec 2026 10:00 GMT+1 to Victor Ortiz',
        '   result: approved',
        '3. CFO sign-off [cfo]: skipped, because "it costs more than 20,000" is false   [when: form.total.amount > 20000]',
        '',
        'Outcome if everyone approves: approved',
        'Effects:',
        '  on Frank Moreau approved Finance review: notice to Fiona Walsh, Frank Moreau, Victor Ortiz: "Approved purchase: Laptop for 12,000.00 EUR, requested by Ann Smith."',
        'Nothing was written.',
      ].slice(1).reduce((text, line) => `${text}\n${line}`, r.out[0]!),
    );
    expect(r.out[0]).toMatch(/^Purchase request \(purchase, version [0-9a-f]{16}\) raised by Ann Smith <ann@example.com>$/);
  });

  it('gives the same facts as JSON for tools', async () => {
    const r = await docket('simulate', 'purchase', '--as', 'ann@example.com', '--form', FORM, ...CHRISTMAS, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ requester: 'ann@example.com', at: '2026-12-24T09:00:00.000Z', zone: 'Europe/Berlin', outcome: 'approved', written: false });
    expect(json.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([['manager', 'applied'], ['finance', 'applied'], ['cfo', 'skipped']]);
    const finance = json.steps[1];
    expect(finance.condition).toEqual({ source: 'form.total.amount > 5000', words: 'the total cost is over 5,000 (EUR or USD)', value: true });
    expect(finance.approvers).toEqual([
      expect.objectContaining({ email: 'frank@example.com', onBehalfOf: 'fiona@example.com' }),
      expect.objectContaining({ email: 'victor@example.com' }),
    ]);
    expect(finance.sla).toEqual({ due: '2026-12-29T09:00:00.000Z', zone: 'Europe/Berlin', holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] });
    expect(json.steps[2].condition.value).toBe(false);
    expect(json.effects).toEqual([expect.objectContaining({ kind: 'notice', to: ['fiona@example.com', 'frank@example.com', 'victor@example.com'] })]);
  });

  it('uses the absences of org.yaml on the simulated date', async () => {
    const r = await docket('simulate', 'purchase', '--as', 'sam@example.com', '--form', FORM, '--at', '2026-08-06T10:00', '--json');
    const finance = JSON.parse(r.out.join('\n')).steps[1];
    expect(finance.approvers.map((a: { email: string }) => a.email)).toEqual(['frank@example.com', 'victor@example.com']);
    // Sam works from New York: the step's clock runs in the zone of the first approver asked (Frank, Berlin)
    expect(finance.sla.zone).toBe('Europe/Berlin');
  });

  it('says which form values are wrong, with the flow\'s own messages, and exits 2', async () => {
    const r = await docket('simulate', 'purchase', '--as', 'ann@example.com', '--form', 'item=Laptop,total=lots,category=toys,justification=too short');
    expect(r.code).toBe(2);
    expect(r.err.slice(0, 3)).toEqual([
      'docket simulate: --form total: Enter an amount such as 1200.50 EUR.',
      'docket simulate: --form category: Choose one of: Hardware, Software and subscriptions, Services, Travel.',
      'docket simulate: --form justification: Use at least 20 characters.',
    ]);
  });

  it('simulates a case flow too: owner, priority after the rules, SLA due times, rules fired', async () => {
    const argv = ['simulate', 'it-incident', '--as', 'ann@example.com', '--title', 'VPN down', '--form', 'service=VPN,impact=Nobody can connect,users_affected=80', '--at', '2026-12-01T10:00'];
    const r = await docket(...argv);
    expect(r.code).toBe(0);
    expect(r.out).toContain('owner: Sara Lindqvist <sara@example.com> (round-robin in the IT on call group as on a fresh system; people away that day are passed over)');
    expect(r.out).toContain('priority: P2 - high [p2]');
    expect(r.out).toContain('  response due Tue 1 Dec 2026 11:00 GMT+1 (Europe/Berlin)');
    expect(r.out).toContain('rule 2 (on opened, when the answer to "How many people are affected?" is at least 50): fired');
    expect(r.out).toContain('rule 1 (on opened, when the priority is P1 - critical): did not fire');
    const json = JSON.parse((await docket(...argv, '--json')).out.join('\n'));
    expect(json).toMatchObject({ owner: 'sara@example.com', priority: 'p2', rulesFired: [1], written: false });
    expect(json.sla).toEqual([
      { which: 'response', due: '2026-12-01T10:00:00.000Z', zone: 'Europe/Berlin', paused: false },
      { which: 'resolution', due: '2026-12-02T09:00:00.000Z', zone: 'Europe/Berlin', paused: false },
    ]);
    const bad = await docket('simulate', 'it-incident', '--as', 'ann@example.com', '--form', 'service=VPN,impact=x', '--priority', 'p9');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('docket simulate: --priority: Choose one of: P1 - critical, P2 - high, P3 - normal, P4 - low.');
  });

  it.each([
    [['simulate'], 'docket simulate: name the flow to simulate'],
    [['simulate', 'purchase'], 'docket simulate: --as <email> is required: the person raising the request'],
    [['simulate', 'nope', '--as', 'ann@example.com'], 'docket simulate: there is no flow "nope"; request flows: access, purchase, time-off; case flows: customer-complaint, expense-dispute, it-incident'],
    [['simulate', 'purchase', '--as', 'zed@example.com'], 'docket simulate: zed@example.com is not in org.yaml'],
    [['simulate', 'purchase', '--as', 'ann@example.com', '--at', 'tomorrow'], 'docket simulate: --at: expected a time such as 2026-12-24T10:00, got "tomorrow"'],
    [['simulate', 'purchase', '--as', 'ann@example.com', '--at', '2026-12-24T10:00', 'Mars/Olympus'], 'docket simulate: --at: unknown time zone "Mars/Olympus"; expected an IANA name such as Europe/Berlin'],
    [['simulate', 'purchase', '--as', 'ann@example.com', '--form', 'colour=red'], 'docket simulate: --form: purchase has no field colour; its fields: item, total, category, needed_by, justification'],
    [['simulate', 'purchase', '--as', 'ann@example.com', '--form', 'oops'], 'docket simulate: --form: expected field=value, got "oops"'],
    [['simulate', 'purchase', '--as', 'ann@example.com', '--bogus'], 'docket simulate: unknown option --bogus'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const r = await docket(...argv);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(message);
  });

  it('exits 1 when the flows directory is broken', async () => {
    const r = await runCli(['simulate', 'purchase', '--as', 'ann@example.com', '--flows', 'test/fixtures/server/broken-flows'], { out: () => {}, err: () => {}, env: {} });
    expect(r).toBe(1);
  });
});
