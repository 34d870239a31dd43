// Flow forms as Adaptive Cards, and the submitted inputs read back as raw form input.
import { describe, expect, it } from 'vitest';
import { formCard, readSection, storedValues } from '../../adapters/teams/form-card.ts';
import type { Field, Person } from '../../src/flows/model.ts';
import { FakeTeams } from './fake-teams.ts';

const fields: Field[] = [
  { id: 'item', type: 'text', label: 'Item', required: true, maxLength: 100, help: 'Be *specific*' },
  { id: 'notes', type: 'longtext', label: 'Notes', required: false, maxLength: 3000 },
  { id: 'count', type: 'number', label: 'How many', required: false, min: 1, max: 10, integer: true },
  { id: 'total', type: 'money', label: 'Total', required: true, currencies: ['EUR', 'USD'], min: 0 },
  { id: 'fee', type: 'money', label: 'Fee', required: false, currencies: ['EUR'] },
  { id: 'when', type: 'date', label: 'When', required: false, notBefore: 'today', notAfter: '2027-12-31' },
  { id: 'kind', type: 'choice', label: 'Kind', required: true, options: [{ id: 'hw', label: 'Hardware' }] },
  { id: 'buddy', type: 'person', label: 'Buddy', required: false },
  { id: 'urgent', type: 'yesno', label: 'Urgent?', required: false },
];
const people = [{ email: 'ann@example.com', name: 'Ann Smith' }, { email: 'bob@example.com', name: 'Bob Baker' }] as Person[];
const spec = { title: 'Purchase', sections: [{ fields, prefix: 'field:' }], submit: { title: 'Submit', verb: 'form.submit', data: { flow: 'purchase' } }, people, today: '2026-11-30' };

describe('formCard', () => {
  it('gives every field type its input', () => {
    const inputs = Object.fromEntries(FakeTeams.elements(formCard(spec)).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]));
    expect(inputs['field:item']).toMatchObject({ type: 'Input.Text', label: 'Item', isRequired: true, maxLength: 100, isMultiline: false, errorMessage: 'Item is required.' });
    expect(inputs['field:notes']).toMatchObject({ type: 'Input.Text', isMultiline: true });
    expect(inputs['field:count']).toMatchObject({ type: 'Input.Number', min: 1, max: 10 });
    expect(inputs['field:total']).toMatchObject({ type: 'Input.Number', min: 0, isRequired: true });
    expect(inputs['field:total:currency']).toMatchObject({ type: 'Input.ChoiceSet', value: 'EUR' });
    expect(inputs['field:fee']).toMatchObject({ type: 'Input.Number', label: 'Fee (EUR)' });
    expect(inputs['field:fee:currency']).toBeUndefined();
    expect(inputs['field:when']).toMatchObject({ type: 'Input.Date', min: '2026-11-30', max: '2027-12-31' });
    expect(inputs['field:kind']).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', choices: [{ title: 'Hardware', value: 'hw' }] });
    expect(inputs['field:buddy']).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', choices: [{ title: 'Ann Smith (ann@example.com)', value: 'ann@example.com' }, { title: 'Bob Baker (bob@example.com)', value: 'bob@example.com' }] });
    expect(inputs['field:urgent']).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false', value: 'false' });
    expect(FakeTeams.texts(formCard(spec))).toContain('Be \\*specific\\*');
  });

  it('asks for an email when the directory is too long for a list', () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ email: `p${i}@example.com`, name: `P ${i}` })) as Person[];
    const buddy = FakeTeams.elements(formCard({ ...spec, people: many })).find((e) => e.id === 'field:buddy');
    expect(buddy).toMatchObject({ type: 'Input.Text', style: 'Email', placeholder: 'name@example.com' });
  });

  it('shows the errors next to their inputs and keeps the values typed', () => {
    const card = formCard({ ...spec, values: { 'field:item': 'Laptop', 'field:total': '12.5', 'field:total:currency': 'USD' }, errors: { 'field:total': 'Must be at least 0 EUR.' } });
    const body = card.body as Record<string, unknown>[];
    const at = body.findIndex((e) => e.type === 'ColumnSet');
    expect(body[at + 1]).toMatchObject({ type: 'TextBlock', text: 'Must be at least 0 EUR.', color: 'Attention' });
    const inputs = Object.fromEntries(FakeTeams.elements(card).filter((e) => e.id).map((e) => [e.id, e]));
    expect(inputs['field:item']).toMatchObject({ value: 'Laptop' });
    expect(inputs['field:total']).toMatchObject({ value: 12.5 });
    expect(inputs['field:total:currency']).toMatchObject({ value: 'USD' });
  });
});

describe('readSection', () => {
  it('reads inputs back as raw form input: blanks dropped, money with its currency, toggles as booleans', () => {
    const data = { flow: 'purchase', 'field:item': ' Laptop ', 'field:notes': '', 'field:count': 3, 'field:total': '1,200', 'field:total:currency': 'USD', 'field:fee': '5', 'field:urgent': 'true', 'other:item': 'x' };
    expect(readSection(fields, 'field:', data)).toEqual({ item: 'Laptop', count: 3, total: { amount: '1,200', currency: 'USD' }, fee: { amount: '5', currency: 'EUR' }, urgent: true });
  });

  it('turns stored values back into input values for "edit and resubmit"', () => {
    expect(storedValues(fields, 'field:', { item: 'Laptop', total: { amount: 12, currency: 'USD' }, urgent: false })).toEqual({ 'field:item': 'Laptop', 'field:total': '12', 'field:total:currency': 'USD', 'field:urgent': 'false' });
  });
});
