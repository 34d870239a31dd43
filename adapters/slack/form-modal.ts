// A flow's form as a Slack modal, and the submitted modal back as raw form input for the engine.
// The engine validates (the same messages in Slack, Teams and the console); this file only maps
// field types to Block Kit inputs and the engine's per-field errors back to the inputs' blocks.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import type { FormValues } from '../../src/core/request/state.ts';
import type { Field } from '../../src/flows/model.ts';
import { LIMITS } from './blocks.ts';
import { clip, mrkdwn } from './mrkdwn.ts';

type Block = webApi.KnownBlock;
type Option = webApi.PlainTextOption;

/** every input's element has this action id; the block id says which field it is */
export const VALUE = 'value';
export const fieldBlockId = (fieldId: string) => `field:${fieldId}`;
export const currencyBlockId = (fieldId: string) => `field:${fieldId}:currency`;

export const CALLBACK = {
  requestForm: 'docket.request_form',
  caseForm: 'docket.case_form',
  pickType: 'docket.pick_type',
  actionInput: 'docket.action_input',
  bulkReject: 'docket.bulk_reject_reason',
} as const;

export const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
export const option = (value: string, label: string): Option => ({ text: plain(label, 75), value: value.slice(0, 150) });

/** A modal shell; Slack allows 24 characters in title, submit and close. */
export function modal(input: { callbackId: string; title: string; submit?: string; metadata: unknown; blocks: Block[] }): webApi.ModalView {
  return {
    type: 'modal',
    callback_id: input.callbackId,
    title: plain(input.title, 24),
    ...(input.submit !== undefined ? { submit: plain(input.submit, 24) } : {}),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(input.metadata),
    blocks: input.blocks.slice(0, LIMITS.viewBlocks),
  };
}

function inputBlock(blockId: string, field: Pick<Field, 'label' | 'help' | 'required'>, element: webApi.InputBlockElement): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(field.label, 2000),
    optional: !field.required,
    element,
    ...(field.help ? { hint: plain(field.help, 2000) } : {}),
  };
}

/**
 * The input blocks of a form. `initial` pre-fills them (editing a request sent back);
 * `slackIdOf` turns a stored person (an email) into a Slack user for users_select.
 */
export function fieldBlocks(fields: readonly Field[], initial: FormValues = {}, slackIdOf: (email: string) => string | undefined = () => undefined): Block[] {
  const blocks: Block[] = [];
  for (const field of fields) {
    const id = fieldBlockId(field.id);
    const value = initial[field.id];
    switch (field.type) {
      case 'text':
      case 'longtext':
        blocks.push(
          inputBlock(id, field, {
            type: 'plain_text_input',
            action_id: VALUE,
            multiline: field.type === 'longtext',
            max_length: Math.min(field.maxLength, 3000),
            ...(typeof value === 'string' ? { initial_value: value.slice(0, 3000) } : {}),
          }),
        );
        break;
      case 'number':
        blocks.push(
          inputBlock(id, field, {
            type: 'number_input',
            action_id: VALUE,
            is_decimal_allowed: !field.integer,
            ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
            ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
            ...(typeof value === 'number' ? { initial_value: String(value) } : {}),
          }),
        );
        break;
      case 'money': {
        const money = typeof value === 'object' ? value : undefined;
        const several = field.currencies.length > 1;
        blocks.push(
          inputBlock(id, { ...field, label: several ? field.label : `${field.label} (${field.currencies[0]})` }, {
            type: 'number_input',
            action_id: VALUE,
            is_decimal_allowed: true,
            ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
            ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
            ...(money ? { initial_value: String(money.amount) } : {}),
          }),
        );
        if (several) {
          const initialCurrency = money?.currency ?? field.currencies[0]!;
          blocks.push(
            inputBlock(currencyBlockId(field.id), { label: 'Currency', required: true }, {
              type: 'static_select',
              action_id: VALUE,
              options: field.currencies.map((c) => option(c, c)),
              initial_option: option(initialCurrency, initialCurrency),
            }),
          );
        }
        break;
      }
      case 'date':
        blocks.push(inputBlock(id, field, { type: 'datepicker', action_id: VALUE, ...(typeof value === 'string' ? { initial_date: value } : {}) }));
        break;
      case 'choice': {
        const options = field.options.map((o) => option(o.id, o.label));
        const chosen = options.find((o) => o.value === value);
        blocks.push(inputBlock(id, field, { type: 'static_select', action_id: VALUE, options, ...(chosen ? { initial_option: chosen } : {}) }));
        break;
      }
      case 'person': {
        const user = typeof value === 'string' ? slackIdOf(value) : undefined;
        blocks.push(inputBlock(id, field, { type: 'users_select', action_id: VALUE, ...(user ? { initial_user: user } : {}) }));
        break;
      }
      case 'yesno': {
        const options = [option('yes', 'Yes'), option('no', 'No')];
        const chosen = value === true ? options[0] : value === false ? options[1] : undefined;
        blocks.push(inputBlock(id, field, { type: 'radio_buttons', action_id: VALUE, options, ...(chosen ? { initial_option: chosen } : {}) }));
        break;
      }
      default: {
        const unhandled: never = field;
        throw new Error(`unhandled field type ${JSON.stringify(unhandled)}`);
      }
    }
  }
  return blocks;
}

export interface RequestFormMetadata {
  kind: 'request';
  flow: string;
  /** set when editing a request that was sent back */
  request?: string;
  /** the channel the form was opened from (slash command, picker, Home): where it is raised */
  channel?: string;
  /** set when the request is started from a case */
  case?: string;
}

/** The modal `/request purchase` opens. */
export function requestFormModal(flow: LoadedRequestFlow, options: { initial?: FormValues; request?: string; fromCase?: string; slackIdOf?: (email: string) => string | undefined; channel?: string } = {}): webApi.ModalView {
  const about = options.fromCase ? `Started from case ${options.fromCase}; it will be linked to it.` : undefined;
  const intro: Block[] = [flow.def.description, about].filter((t): t is string => Boolean(t)).map((t) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(t, 3000) }] }));
  const metadata: RequestFormMetadata = { kind: 'request', flow: flow.def.id, ...(options.request ? { request: options.request } : {}), ...(options.fromCase ? { case: options.fromCase } : {}), ...(options.channel ? { channel: options.channel.slice(0, 40) } : {}) };
  return modal({
    callbackId: CALLBACK.requestForm,
    title: flow.def.name,
    submit: options.request ? 'Resubmit' : 'Submit',
    metadata,
    blocks: [...intro, ...fieldBlocks(flow.def.form, options.initial, options.slackIdOf)],
  });
}

// ------------------------------------------------------------------ reading a submission

const ElementState = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_user: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
  })
  .loose();
export const StateValues = z.record(z.string(), z.record(z.string(), ElementState));
export type StateValues = z.infer<typeof StateValues>;

/** the raw value an input holds, as text; undefined when left empty */
export function inputText(values: StateValues, blockId: string): string | undefined {
  const el = values[blockId]?.[VALUE];
  if (!el) return undefined;
  const text = el.value ?? el.selected_date ?? el.selected_user ?? el.selected_option?.value ?? undefined;
  return text === null || text === undefined || text === '' ? undefined : text;
}

/**
 * The submitted fields as raw form input. A users_select gives a Slack user id: `emailOf` maps it
 * to the person's email; one nobody maps is passed on as a readable name so the engine's
 * validation says who is not in the directory.
 */
export async function readFields(fields: readonly Field[], values: StateValues, emailOf: (slackUserId: string) => Promise<string | undefined>): Promise<Record<string, unknown>> {
  const form: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = inputText(values, fieldBlockId(field.id));
    if (raw === undefined) continue;
    switch (field.type) {
      case 'money':
        form[field.id] = { amount: raw, currency: inputText(values, currencyBlockId(field.id)) ?? field.currencies[0] };
        break;
      case 'person':
        form[field.id] = (await emailOf(raw)) ?? `Slack user ${raw}`;
        break;
      default:
        form[field.id] = raw;
    }
  }
  return form;
}

/** The engine's per-field messages, keyed by the blocks that show them (`response_action: errors`). */
export function fieldErrorBlocks(fieldErrors: Record<string, string>, blockOf: (key: string) => string = fieldBlockId): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([key, message]) => [blockOf(key), clip(message, 300)]));
}
