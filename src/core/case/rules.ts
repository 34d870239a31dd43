// Case rules: when an event happens on a case and the condition holds, apply the actions.
import type { CaseRule } from '../../flows/model.ts';
import { applySharedAction, tryEvaluate } from '../actions.ts';
import type { Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { emit } from '../request/emit.ts';
import { pickOwner, routingNeeds } from './routing.ts';
import type { CaseState } from './state.ts';
import { addTaskTo, dueAfter } from './tasks.ts';
import { caseSubject, caseVars } from './vars.ts';

// Rules may change priority, which fires priority_changed rules; a bound stops loops.
const MAX_DEPTH = 3;

export function fireCaseRules(c: CaseState, flow: LoadedCaseFlow, on: CaseRule['on'], ctx: EngineContext, out: Change<CaseState>, depth = 0): void {
  if (depth >= MAX_DEPTH) return;
  const subject = caseSubject(c);
  for (const [n, rule] of flow.def.rules.entries()) {
    if (rule.on !== on) continue;
    const vars = caseVars(c, ctx.directory);
    if (rule.when) {
      const result = tryEvaluate(flow.expr(rule.when), vars);
      if (!result.ok) {
        emit(out, ctx, 'case.rule_failed', subject, { rule: n, error: result.error });
        continue;
      }
      if (result.value !== true) continue;
    }
    const by = `rule:${flow.def.id}#${n}`;
    emit(out, ctx, 'case.rule_fired', subject, { rule: n, on }, by);
    const scope = { subject, flow, vars, requester: c.openedBy, ...(c.owner ? { owner: c.owner } : {}), form: c.fields };
    for (const action of rule.then) {
      if ('assignOwner' in action) {
        const routing = action.assignOwner;
        // a rule has no store at hand: round-robin and least-loaded start from the group's first present member
        const owner = pickOwner(routingNeeds(routing, flow.def.id, c.openedBy, ctx.directory, ctx.now), 0, new Map());
        if (owner && owner !== c.owner) {
          emit(out, ctx, 'case.owner_changed', subject, { from: c.owner ?? null, to: owner }, by);
          c.owner = owner;
        }
      } else if ('setPriority' in action) {
        if (action.setPriority !== c.priority) {
          emit(out, ctx, 'case.priority_changed', subject, { from: c.priority, to: action.setPriority }, by);
          c.priority = action.setPriority;
          fireCaseRules(c, flow, 'priority_changed', ctx, out, depth + 1);
        }
      } else if ('addTask' in action) {
        const due = dueAfter(action.addTask.due, c, ctx);
        addTaskTo(c, { title: flow.template(action.addTask.title).render(vars), ...(due ? { due } : {}) }, ctx, out);
      } else {
        applySharedAction(action, scope, ctx, out);
      }
    }
  }
}
