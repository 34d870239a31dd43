import { describe, expect, it } from 'vitest';
import { conditionInWords } from '../../src/flows/explain-condition.ts';
import { Field } from '../../src/flows/model.ts';

const fields = [
  { id: 'total', type: 'money', label: 'Total cost', currencies: ['EUR', 'USD'] },
  { id: 'refund', type: 'money', label: 'Refund asked for', currencies: ['EUR'] },
  { id: 'level', type: 'choice', label: 'Access level', options: [{ id: 'admin', label: 'Administrator' }, { id: 'read', label: 'Read only' }] },
  { id: 'days', type: 'number', label: 'Working days' },
  { id: 'needed_by', type: 'date', label: 'Needed by' },
  { id: 'workaround', type: 'yesno', label: 'Is there a workaround?' },
].map((f) => Field.parse(f));
const priorities = [{ id: 'p1', name: 'P1 - critical' }];

describe('conditions in words', () => {
  it.each([
    ['form.total.amount > 5000', 'the total cost is over 5,000 (EUR or USD)'],
    ['form.refund.amount >= 1000.0', 'the refund asked for is at least 1,000 EUR'],
    ['5000 < form.total.amount', 'the total cost is over 5,000 (EUR or USD)'],
    ['form.level == "admin"', 'the access level is Administrator'],
    ['form.level != "read"', 'the access level is not Read only'],
    ['form.days <= 1', 'the working days is at most 1'],
    ['has(form.needed_by)', 'the needed by is filled in'],
    ['!has(form.needed_by)', 'the needed by is left empty'],
    ['form.workaround', 'the answer to "Is there a workaround?" is yes'],
    ['has(form.refund) && form.refund.amount > 1000.0', 'the refund asked for is over 1,000 EUR'],
    ['form.level == "admin" || (form.days > 3 && has(form.needed_by))', 'the access level is Administrator or (the working days is over 3 and the needed by is filled in)'],
    ['has(form.refund) && form.days > 2', 'the refund asked for is filled in and the working days is over 2'],
    ['case.priority == "p1"', 'the priority is P1 - critical'],
    ["requester.department == 'sales'", 'the requester\'s department is "sales"'],
  ])('%s → %s', (source, words) => {
    expect(conditionInWords(source, { fields, priorities })).toBe(words);
  });

  it.each(['form.total.amount * 2 > 10', 'size(form.level) > 3', 'form.nope == 1', 'form.level in ["a"]', 'true', '"a" == "b"'])('leaves %s to the CEL itself', (source) => {
    expect(conditionInWords(source, { fields })).toBeUndefined();
  });
});
