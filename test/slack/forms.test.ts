// A flow's form as a modal, and a submitted modal back as raw form input: each field type maps
// to its Block Kit input, and the engine's per-field errors map back to the inputs' blocks.
import { describe, expect, it } from 'vitest';
import { translate } from '../../adapters/slack/card-commands.ts';
import { caseIntent } from '../../adapters/slack/case-command.ts';
import { fieldBlocks, fieldErrorBlocks, readFields, requestFormModal, type StateValues } from '../../adapters/slack/form-modal.ts';
import { requestIntent } from '../../adapters/slack/request-command.ts';
import { Field } from '../../src/flows/model.ts';
import { registry } from '../support/world.ts';

const fields = [
  { id: 'title', type: 'text', label: 'Title', required: true, maxLength: 80 },
  { id: 'notes', type: 'longtext', label: 'Notes' },
  { id: 'count', type: 'number', label: 'Count', integer: true, min: 1, max: 9 },
  { id: 'price', type: 'money', label: 'Price', currencies: ['EUR', 'USD'] },
  { id: 'fee', type: 'money', label: 'Fee', currencies: ['GBP'] },
  { id: 'when', type: 'date', label: 'When' },
  { id: 'kind', type: 'choice', label: 'Kind', options: [{ id: 'a', label: 'Alpha' }, { id: 'b', label: 'Beta' }] },
  { id: 'who', type: 'person', label: 'Who' },
  { id: 'ok', type: 'yesno', label: 'OK?', help: 'Tick if fine' },
].map((f) => Field.parse(f));

describe('form modals', () => {
  it('maps each field type to its Block Kit input', () => {
    const blocks = fieldBlocks(fields) as any[];
    const byId = Object.fromEntries(blocks.map((b) => [b.block_id, b]));
    expect(blocks.map((b) => b.block_id)).toEqual(['field:title', 'field:notes', 'field:count', 'field:price', 'field:price:currency', 'field:fee', 'field:when', 'field:kind', 'field:who', 'field:ok']);
    expect(byId['field:title']).toMatchObject({ optional: false, element: { type: 'plain_text_input', multiline: false, max_length: 80 } });
    expect(byId['field:notes']).toMatchObject({ optional: true, element: { type: 'plain_text_input', multiline: true } });
    expect(byId['field:count'].element).toMatchObject({ type: 'number_input', is_decimal_allowed: false, min_value: '1', max_value: '9' });
    expect(byId['field:price:currency'].element.initial_option.value).toBe('EUR');
    // one currency: no select, the currency is in the label
    expect(byId['field:fee'].label.text).toBe('Fee (GBP)');
    expect(byId['field:when'].element.type).toBe('datepicker');
    expect(byId['field:kind'].element.options).toEqual([
      { text: { type: 'plain_text', text: 'Alpha', emoji: true }, value: 'a' },
      { text: { type: 'plain_text', text: 'Beta', emoji: true }, value: 'b' },
    ]);
    expect(byId['field:who'].element.type).toBe('users_select');
    expect(byId['field:ok']).toMatchObject({ hint: { text: 'Tick if fine' }, element: { type: 'radio_buttons' } });
  });

  it('fills in a request sent back for editing', () => {
    const blocks = fieldBlocks(fields, { title: 'Old', count: 3, price: { amount: 12.5, currency: 'USD' }, when: '2026-05-01', kind: 'b', who: 'ann@example.com', ok: false }, (e) => (e === 'ann@example.com' ? 'U0ANN' : undefined)) as any[];
    const el = (id: string) => blocks.find((b) => b.block_id === id).element;
    expect([el('field:title').initial_value, el('field:count').initial_value, el('field:price').initial_value, el('field:price:currency').initial_option.value]).toEqual(['Old', '3', '12.5', 'USD']);
    expect([el('field:when').initial_date, el('field:kind').initial_option.value, el('field:who').initial_user, el('field:ok').initial_option.value]).toEqual(['2026-05-01', 'b', 'U0ANN', 'no']);
  });

  it('reads a submission back as raw form input, people mapped to their emails', async () => {
    const values: StateValues = {
      'field:title': { value: { type: 'plain_text_input', value: 'Hello' } },
      'field:notes': { value: { type: 'plain_text_input', value: null } },
      'field:count': { value: { type: 'number_input', value: '4' } },
      'field:price': { value: { type: 'number_input', value: '99.90' } },
      'field:price:currency': { value: { type: 'static_select', selected_option: { value: 'USD' } } },
      'field:fee': { value: { type: 'number_input', value: '5' } },
      'field:when': { value: { type: 'datepicker', selected_date: '2026-06-01' } },
      'field:kind': { value: { type: 'static_select', selected_option: { value: 'a' } } },
      'field:who': { value: { type: 'users_select', selected_user: 'U0BOB' } },
      'field:ok': { value: { type: 'radio_buttons', selected_option: { value: 'yes' } } },
    };
    const form = await readFields(fields, values, async (id) => (id === 'U0BOB' ? 'bob@example.com' : undefined));
    expect(form).toEqual({ title: 'Hello', count: '4', price: { amount: '99.90', currency: 'USD' }, fee: { amount: '5', currency: 'GBP' }, when: '2026-06-01', kind: 'a', who: 'bob@example.com', ok: 'yes' });
    expect(await readFields(fields, { 'field:who': { value: { type: 'users_select', selected_user: 'U0NOBODY' } } }, async () => undefined)).toEqual({ who: 'Slack user U0NOBODY' });
  });

  it('puts the engine\'s field errors on the blocks that show them', () => {
    expect(fieldErrorBlocks({ total: 'Required.', item: 'x'.repeat(500) })).toEqual({ 'field:total': 'Required.', 'field:item': `${'x'.repeat(299)}…` });
  });

  it('keeps the modal title and buttons within Slack\'s 24 characters', () => {
    const view = requestFormModal(registry.requestFlow('all-finance')!);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit?.text).toBe('Submit');
    expect(JSON.parse(view.private_metadata!)).toEqual({ kind: 'request', flow: 'all-finance' });
  });
});

describe('reading commands', () => {
  const flows = registry.requestFlows();

  it('/request: help, the picker, an id, a clear prefix, an ambiguous one', () => {
    expect(requestIntent('', flows)).toEqual({ kind: 'picker' });
    expect(requestIntent('help', flows)).toEqual({ kind: 'help' });
    expect(requestIntent('purchase', flows)).toMatchObject({ kind: 'form', flow: { def: { id: 'purchase' } } });
    expect(requestIntent('ACC need vpn', flows)).toMatchObject({ kind: 'form', flow: { def: { id: 'access' } } });
    expect(requestIntent('time off', flows)).toMatchObject({ kind: 'form', flow: { def: { id: 'time-off' } } });
    expect(requestIntent('a', flows)).toEqual({ kind: 'picker', note: 'Several request types start with "a": access, all-finance. Pick one:' });
  });

  it('/case: open, thread commands with or without an id, mentions and escapes', () => {
    expect(caseIntent('')).toEqual({ kind: 'modal' });
    expect(caseIntent('open Printer &amp; scanner down')).toEqual({ kind: 'open', title: 'Printer & scanner down' });
    expect(caseIntent('C-12 status investigating')).toEqual({ kind: 'act', case: 'C-12', action: { type: 'status', status: 'investigating' } });
    expect(caseIntent('task add Call &lt;vendor&gt;')).toEqual({ kind: 'act', action: { type: 'task_add', title: 'Call <vendor>' } });
    expect(caseIntent('c-3 task done t2')).toEqual({ kind: 'act', case: 'C-3', action: { type: 'task_done', task: 'T2' } });
    expect(caseIntent('C-3 assign <@U0ANN00001|ann>')).toEqual({ kind: 'act', case: 'C-3', action: { type: 'assign', person: { slackUser: 'U0ANN00001', raw: '<@U0ANN00001|ann>' } } });
    expect(caseIntent('assign Bob@Example.com')).toEqual({ kind: 'act', action: { type: 'assign', person: { email: 'bob@example.com', raw: 'Bob@Example.com' } } });
    expect(caseIntent('C-3 link R-4')).toEqual({ kind: 'act', case: 'C-3', action: { type: 'link', kind: 'related', target: 'R-4' } });
    expect(caseIntent('C-3 status')).toEqual({ kind: 'help', note: '`/case status` needs a status.' });
    expect(caseIntent('dance')).toEqual({ kind: 'help', note: 'Docket does not know `/case dance`.' });
  });

  it('card buttons translate to engine commands; inputs are asked first', () => {
    const value = { subject: 'request:R-3', value: 'finance', version: 2 };
    expect(translate('request.approve', value, undefined)).toEqual({ kind: 'command', command: { type: 'request.approve', request: 'R-3', step: 'finance' } });
    expect(translate('request.reject', value, undefined)).toMatchObject({ kind: 'ask', input: { kind: 'reason', required: true } });
    expect(translate('request.reject', value, 'Too much')).toEqual({ kind: 'command', command: { type: 'request.reject', request: 'R-3', step: 'finance', reason: 'Too much' } });
    expect(translate('request.resubmit', { subject: 'request:R-3' }, undefined)).toEqual({ kind: 'edit_form', request: 'R-3' });
    expect(translate('case.complete_task', { subject: 'case:C-1', value: 'T2' }, undefined)).toEqual({ kind: 'command', command: { type: 'case.task', case: 'C-1', change: { type: 'complete', task: 'T2' } } });
    expect(translate('case.reopen', { subject: 'case:C-1' }, '')).toEqual({ kind: 'command', command: { type: 'case.update', case: 'C-1', change: { type: 'reopen' } } });
  });
});
