import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.ts';

async function check(dir: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCheck(fileURLToPath(new URL(dir, import.meta.url)), (line) => lines.push(line));
  return { code, lines };
}

describe('docket check', () => {
  it('summarises valid flows and exits 0', async () => {
    expect(await check('../../flows')).toEqual({ code: 0, lines: ['flows ok: 3 request flows, 3 case flows, 12 people (flows/)'] });
  });

  it('prints every problem and a count, and exits 1', async () => {
    const { code, lines } = await check('../fixtures/flows/bad-duration');
    expect(code).toBe(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^bad-duration\/requests\/purchase\.yaml:12:10  steps\[0\]\.sla: expected a duration/);
    expect(lines[2]).toBe('2 problems in bad-duration/');
  });

  it('finds a rule that cannot do what it says: a follow-up whose required field is not mapped', async () => {
    const { code, lines } = await check('../fixtures/flows/unmapped-required-field');
    expect(code).toBe(1);
    expect(lines).toEqual([
      'unmapped-required-field/requests/purchase.yaml:15:9  onReject[0].openCase.fields: case flow dispute requires "amount", which this rule does not map; the case could never be opened',
      '1 problem in unmapped-required-field/',
    ]);
  });

  it('warns about a status no transition reaches, and still passes', async () => {
    expect(await check('../fixtures/flows/unreachable-status')).toEqual({
      code: 0,
      lines: ['warning: case flow ticket: status "escalated" is reached by no transition (nor by resolve or reopen): nobody can ever set it', 'flows ok: 0 request flows, 1 case flow, 3 people (unreachable-status/)'],
    });
  });
});

describe('docket check refuses cycles', () => {
  it('a manager cycle (carol ↔ bob), at each manager: that closes it', async () => {
    expect(await check('../fixtures/flows/manager-cycle')).toEqual({
      code: 1,
      lines: [
        'manager-cycle/org.yaml:4:51  people[1].manager: manager cycle: bob@example.com → carol@example.com → bob@example.com; expected a chain of managers that ends with someone who has none',
        'manager-cycle/org.yaml:5:55  people[2].manager: manager cycle: carol@example.com → bob@example.com → carol@example.com; expected a chain of managers that ends with someone who has none',
        '2 problems in manager-cycle/',
      ],
    });
  });

  it('a follow-up cycle (purchase → dispute → purchase), in both files', async () => {
    expect(await check('../fixtures/flows/follow-up-cycle')).toEqual({
      code: 1,
      lines: [
        'follow-up-cycle/cases/dispute.yaml:18:31  rules[0].then[0].startRequest.type: follow-up cycle: dispute → purchase → dispute; each would open the next without end, expected follow-ups that end',
        'follow-up-cycle/requests/purchase.yaml:12:13  onReject[0].openCase.type: follow-up cycle: purchase → dispute → purchase; each would open the next without end, expected follow-ups that end',
        '2 problems in follow-up-cycle/',
      ],
    });
  });
});
