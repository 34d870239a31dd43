// The modals around a form: "which type?" (from the App Home or `/case` alone) and the case form
// (title, priority, description and the case type's own intake fields).
import type { webApi } from '@slack/bolt';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import { CALLBACK, fieldBlockId, fieldBlocks, modal, option, plain, VALUE } from './form-modal.ts';

type Block = webApi.KnownBlock;

export const PICK_BLOCK = 'pick:type';
export const CASE_BLOCK = { title: 'case:title', priority: 'case:priority', description: 'case:description' } as const;
/** the longest case title the engine keeps */
const TITLE_MAX = 200;

export interface PickMetadata {
  kind: 'request' | 'case';
  /** for a case: a title already typed after `/case open` */
  title?: string;
  /** where the picker was opened: the chosen type is raised or opened there */
  channel?: string;
}

export interface CaseFormMetadata {
  kind: 'case';
  flow: string;
  channel?: string;
}

/** A modal with one select: the request or case type; its submission swaps in the form. */
export function pickTypeModal(kind: 'request' | 'case', flows: readonly (LoadedRequestFlow | LoadedCaseFlow)[], title?: string, channel?: string): webApi.ModalView {
  // Slack caps private_metadata at 3000 characters, and the engine keeps 200 of a title anyway
  const metadata: PickMetadata = { kind, ...(title ? { title: title.slice(0, TITLE_MAX) } : {}), ...(channel ? { channel: channel.slice(0, 40) } : {}) };
  return modal({
    callbackId: CALLBACK.pickType,
    title: kind === 'request' ? 'New request' : 'Open a case',
    submit: 'Next',
    metadata,
    blocks: [
      {
        type: 'input',
        block_id: PICK_BLOCK,
        label: plain(kind === 'request' ? 'What do you need?' : 'What kind of case?', 2000),
        element: { type: 'static_select', action_id: VALUE, options: flows.slice(0, 100).map((f) => option(f.def.id, f.def.name)) },
      },
    ],
  });
}

/** The case form: what `/case` opens once the type is known. */
export function caseFormModal(flow: LoadedCaseFlow, options: { title?: string; channel?: string } = {}): webApi.ModalView {
  const { def } = flow;
  const priorities = def.priorities.map((p) => option(p.id, p.name));
  const initialPriority = priorities.find((p) => p.value === def.defaultPriority);
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: CASE_BLOCK.title,
      label: plain('Title', 2000),
      element: { type: 'plain_text_input', action_id: VALUE, max_length: TITLE_MAX, ...(options.title ? { initial_value: options.title.slice(0, TITLE_MAX) } : {}) },
    },
    {
      type: 'input',
      block_id: CASE_BLOCK.priority,
      label: plain('Priority', 2000),
      element: { type: 'static_select', action_id: VALUE, options: priorities, ...(initialPriority ? { initial_option: initialPriority } : {}) },
    },
    {
      type: 'input',
      block_id: CASE_BLOCK.description,
      label: plain('Description', 2000),
      optional: true,
      element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: 3000 },
    },
    ...fieldBlocks(def.fields),
  ];
  const metadata: CaseFormMetadata = { kind: 'case', flow: def.id, ...(options.channel ? { channel: options.channel.slice(0, 40) } : {}) };
  return modal({ callbackId: CALLBACK.caseForm, title: def.name, submit: 'Open case', metadata, blocks });
}

/** where the engine's error about a case form key shows: title/priority/description or an intake field */
export function caseErrorBlock(key: string): string {
  return key === 'title' || key === 'priority' || key === 'description' ? CASE_BLOCK[key] : fieldBlockId(key);
}
