// "Try this flow" on the new-request page: the filled-in form is run through the real engine as
// the chosen person, now, and the page shows each step, who would be asked and why, when it
// would be due, and the outcome if everyone approves. Nothing is written (the same trial as
// `docket simulate`).
import { runRequestTrial, type StepTrace } from '../../../src/app/trial/request-trial.ts';
import { showInstant } from '../../../src/app/trial/at-time.ts';
import { effectLine } from '../../../src/app/trial/request-text.ts';
import { refuse } from '../../../src/core/result.ts';
import type { WebDeps } from '../deps.ts';
import { html, type Html } from '../html.ts';
import { readFields } from '../render/form.ts';
import type { Reply, Visit } from '../site.ts';
import { notFound } from './message.ts';
import { requestForm } from './new.ts';

export function tryRequestFlow(deps: WebDeps, visit: Visit): Reply {
  const flow = deps.flows.requestFlow(visit.ctx.params.flow ?? '');
  if (!flow) return notFound(`There is no request type called "${visit.ctx.params.flow}".`);
  const { raw, echo } = readFields(flow.def.form, visit.form);
  const requester = visit.actor!;
  const trial = runRequestTrial({ flow, flows: deps.flows, directory: deps.directory, requester, form: raw, at: deps.now() });
  if (!trial.ok) return requestForm(deps, visit, flow, echo, trial.refusal.code === 'form.invalid' ? trial.refusal : refuse(trial.refusal.code, trial.refusal.details));
  const page = requestForm(deps, visit, flow, echo, undefined, {
    trial: html`<section class="trial" aria-labelledby="trial-heading">
      <h2 id="trial-heading">If ${deps.directory.nameOf(requester)} submitted this now</h2>
      <p class="muted">A trial run through the flow: nothing was submitted and nobody was told.</p>
      <ol class="trial-steps">${trial.steps.map((s) => stepItem(s, deps))}</ol>
      <p><strong>Outcome if everyone approves: ${trial.outcome}</strong></p>
      ${trial.effects.length > 0 ? html`<ul>${trial.effects.map((e) => html`<li>${effectLine(e, deps.directory)}</li>`)}</ul>` : ''}
    </section>`,
  });
  return page;
}

function stepItem(step: StepTrace, deps: WebDeps): Html {
  const c = step.condition;
  const why = c ? html`<span data-condition="${c.source}">${c.words}</span>: ${c.value === 'error' ? 'could not be evaluated, so the step is kept' : c.value ? 'yes' : 'no'}` : html`no condition`;
  if (step.status !== 'applied') return html`<li data-step="${step.id}" data-status="${step.status}"><strong>${step.name}</strong> — ${step.status === 'skipped' ? 'skipped' : 'not reached'} (${why})</li>`;
  return html`<li data-step="${step.id}" data-status="applied"><strong>${step.name}</strong> — applies (${why})
    <ul>${step.approvers.map((a) => html`<li>${a.name}${a.onBehalfOf ? html` covering for ${deps.directory.nameOf(a.onBehalfOf)}` : ''}: ${a.reason}</li>`)}</ul>
    ${step.sla ? html`<p class="muted">Due ${showInstant(step.sla.due, step.sla.zone)}${step.sla.holidays.length > 0 ? html`, not counting ${step.sla.holidays.map((h) => h.name).join(', ')}` : ''}</p>` : ''}</li>`;
}
