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
