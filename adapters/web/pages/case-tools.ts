// What a case owner does beyond the card's buttons, the console's version of the `/case …`
// commands in a thread: notes, owner, members, watching, links, tasks, starting a request.
import type { CaseState } from '../../../src/core/case/state.ts';
import { formatInstant } from '../../../src/core/present/when.ts';
import type { WebDeps } from '../deps.ts';
import { html, type Html } from '../html.ts';
import type { Visit } from '../site.ts';
import { actForm, personOptions } from '../render/tools.ts';

const LINK_KINDS = ['related', 'parent', 'child', 'duplicate_of', 'duplicated_by'] as const;

function tasks(deps: WebDeps, visit: Visit, c: CaseState, subject: string): Html {
  const open = c.category !== 'closed';
  return html`<section class="tasks"><h3>Tasks</h3>
    ${c.tasks.length
      ? html`<table class="data"><thead><tr><th>Task</th><th>Assignee</th><th>Due</th><th></th></tr></thead><tbody>${c.tasks.map((t) => {
          const task = html`<input type="hidden" name="task" value="${t.id}">`;
          return html`<tr class="${t.done ? 'done' : ''}" data-task="${t.id}">
            <td>${t.done ? '☑' : '☐'} ${t.id} ${t.title}</td>
            <td>${t.assignee ? deps.directory.nameOf(t.assignee) : '—'}</td>
            <td>${t.due ? formatInstant(new Date(t.due), deps.directory.timezoneOf(visit.actor ?? '')) : '—'}</td>
            <td class="task-actions">${open
              ? html`${actForm(visit, subject, t.done ? 'case.reopen_task' : 'case.complete_task', html``, t.done ? 'Reopen' : 'Done', task)}
                 ${t.done
                   ? ''
                   : html`<details class="task-edit"><summary>Assign, due</summary>
                       ${actForm(visit, subject, 'case.assign_task', html`<select name="person" aria-label="Assign ${t.id} to">${personOptions(deps.directory)}</select>`, 'Assign', task)}
                       ${actForm(visit, subject, 'case.task_due', html`<input type="date" name="due" aria-label="Due date of ${t.id}">`, 'Set due', task)}
                     </details>`}`
              : ''}</td>
          </tr>`;
        })}</tbody></table>`
      : html`<p class="empty">No tasks.</p>`}
    ${open
      ? actForm(visit, subject, 'case.add_task', html`<input type="text" name="text" placeholder="New task" maxlength="200" aria-label="New task" required>
          <select name="person" aria-label="Assignee">${personOptions(deps.directory)}</select><input type="date" name="due" aria-label="Due date">`, 'Add task')
      : ''}
  </section>`;
}

export function caseTools(deps: WebDeps, visit: Visit, c: CaseState): Html {
  const subject = `case:${c.id}`;
  return html`<div class="tools case-tools">
    <h3>Note</h3>
    ${actForm(visit, subject, 'case.note', html`<textarea name="text" rows="2" maxlength="4000" aria-label="Note" placeholder="Write a note on the case's timeline" required></textarea>`, 'Add note')}
    ${tasks(deps, visit, c, subject)}
    <p class="muted">The engine decides who may do these: the owner, members or an admin; anyone may write a note.</p>
    <details class="more"><summary>People, links and requests</summary>
      ${actForm(visit, subject, 'case.assign', html`<label>Owner <select name="person" required>${personOptions(deps.directory)}</select></label>`, 'Assign')}
      ${actForm(visit, subject, 'case.add_member', html`<label>Member <select name="person" required>${personOptions(deps.directory)}</select></label>`, 'Add member')}
      ${actForm(visit, subject, 'case.watch', html``, 'Watch this case')}
      ${actForm(visit, subject, 'case.link', html`<label>Link <select name="kind">${LINK_KINDS.map((k) => html`<option value="${k}">${k.replace(/_/g, ' ')}</option>`)}</select></label>
        <input type="text" name="text" placeholder="R-12 or C-3" maxlength="40" aria-label="Link target" required>`, 'Link')}
      <p>Start a request from this case: ${deps.flows.requestFlows().map((f) => html`<a class="button" href="/new/request/${f.def.id}?case=${c.id}">${f.def.name}</a> `)}</p>
    </details>
  </div>`;
}
