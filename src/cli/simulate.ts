// `docket simulate <flow> --as <email> --form k=v,… [--at <time> [zone]] [--away who[=delegate][:until]] [--json]`:
// runs one request through the real engine (pure functions, no store) and prints each step,
// whether it applies and why, who is asked, when it is due, and the outcome if everyone
// approves. Nothing is written. Exit codes as `check`: 1 when the flows are broken or the
// engine refuses, 2 when the command line (including a form value) is wrong.
import { DateTime } from 'luxon';
import { explain } from '../core/refusals.ts';
import { formatProblem, loadFlows } from '../flows/load.ts';
import { parseAtTime } from '../app/trial/at-time.ts';
import { withAbsences, type AbsenceOverride } from '../app/trial/directory-overrides.ts';
import { parseFormText } from '../app/trial/form-text.ts';
import { requestTrialText } from '../app/trial/request-text.ts';
import { runRequestTrial } from '../app/trial/request-trial.ts';
import { runCaseTrial } from '../app/trial/case-trial.ts';
import { caseTrialText } from '../app/trial/case-text.ts';
import { flag, readArgs, single, UsageError } from './args.ts';

export const SIMULATE_USAGE = 'docket simulate <flow> --as <email> --form field=value,… [--at 2026-12-24T10:00 [Europe/Berlin]] [--away who@x[=delegate@x][:YYYY-MM-DD]] [--title … --priority …] [--json] [--flows dir]';

export interface SimulateIo {
  out: (line: string) => void;
  err: (line: string) => void;
  flowsDir: string;
  now: () => Date;
}

export async function runSimulate(argv: readonly string[], io: SimulateIo): Promise<number> {
  const usage = (why: string) => {
    io.err(`docket simulate: ${why}`);
    io.err(`usage: ${SIMULATE_USAGE}`);
    return 2;
  };
  let args;
  try {
    args = readArgs(argv, { as: 1, form: 1, at: [1, 2], away: 1, json: 0, flows: 1, title: 1, priority: 1 });
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  if (args.positional.length !== 1) return usage(args.positional.length === 0 ? 'name the flow to simulate' : `one flow at a time, got ${args.positional.join(' ')}`);
  const flowId = args.positional[0]!;
  const as = single(args, 'as');
  if (!as) return usage('--as <email> is required: the person raising the request');

  const loaded = await loadFlows(single(args, 'flows') ?? io.flowsDir);
  if (!loaded.ok) {
    loaded.problems.forEach((p) => io.err(formatProblem(p)));
    io.err(`docket simulate: the flows have ${loaded.problems.length} problem(s); run docket check`);
    return 1;
  }
  const flow = loaded.registry.requestFlow(flowId);
  const caseFlow = loaded.registry.caseFlow(flowId);
  if (!flow && !caseFlow) {
    const known = (kind: 'request' | 'case') => loaded.registry.all().filter((f) => f.kind === kind).map((f) => f.def.id).join(', ');
    return usage(`there is no flow "${flowId}"; request flows: ${known('request')}; case flows: ${known('case')}`);
  }
  const fields = flow?.def.form ?? caseFlow!.def.fields;
  const requester = loaded.directory.person(as);
  if (!requester) return usage(`${as} is not in org.yaml`);

  const atWords = args.options.get('at')?.at(-1);
  const when = atWords ? parseAtTime(atWords[0]!, atWords[1], loaded.directory.timezoneOf(requester.email)) : { ok: true as const, at: io.now(), zone: loaded.directory.timezoneOf(requester.email) };
  if (!when.ok) return usage(`--at: ${when.message}`);

  const form = parseFormText((args.options.get('form') ?? []).map((v) => v[0]!));
  if (!form.ok) return usage(`--form: ${form.message}`);
  const unknown = Object.keys(form.raw).filter((k) => !fields.some((f) => f.id === k));
  if (unknown.length > 0) return usage(`--form: ${flowId} has no field ${unknown.join(', ')}; its fields: ${fields.map((f) => f.id).join(', ')}`);

  const away: AbsenceOverride[] = [];
  const day = DateTime.fromJSDate(when.at, { zone: when.zone }).toISODate()!;
  for (const [text] of args.options.get('away') ?? []) {
    const m = /^([^=:\s]+@[^=:\s]+)(?:=([^=:\s]+@[^=:\s]+))?(?::(\d{4}-\d{2}-\d{2}))?$/.exec(text!);
    if (!m) return usage(`--away: expected who@example.com[=delegate@example.com][:until YYYY-MM-DD], got ${JSON.stringify(text)}`);
    for (const who of [m[1], m[2]]) if (who && !loaded.directory.person(who)) return usage(`--away: ${who} is not in org.yaml`);
    away.push({ person: m[1]!, from: day, until: m[3] ?? day, ...(m[2] ? { delegate: m[2] } : {}) });
  }
  const directory = withAbsences(loaded.directory, away);
  if (caseFlow) {
    const priority = single(args, 'priority');
    const trial = runCaseTrial({ flow: caseFlow, flows: loaded.registry, directory, opener: requester.email, title: single(args, 'title') ?? 'A trial case', ...(priority ? { priority } : {}), fields: form.raw, at: when.at, events: [] });
    if (!trial.ok) {
      const errors = trial.refusal.fieldErrors ?? {};
      if (Object.keys(errors).length > 0) {
        for (const [field, message] of Object.entries(errors)) io.err(`docket simulate: ${field === 'priority' || field === 'title' ? `--${field}` : `--form ${field}`}: ${message}`);
        io.err(`usage: ${SIMULATE_USAGE}`);
        return 2;
      }
      io.err(`docket simulate: the engine refused: ${explain(trial.refusal.code, trial.refusal.details)} (${trial.refusal.code})`);
      return 1;
    }
    if (flag(args, 'json')) {
      const c = trial.case;
      io.out(JSON.stringify({ flow: { id: caseFlow.def.id, name: caseFlow.def.name, version: caseFlow.version }, opener: requester.email, at: when.at.toISOString(), zone: when.zone, title: c.title, fields: c.fields, owner: c.owner ?? null, priority: c.priority, status: c.status, sla: trial.clocks, tasks: c.tasks.map((t) => ({ title: t.title, ...(t.due ? { due: t.due } : {}) })), rulesFired: trial.firedRules, effects: trial.effects, problems: trial.problems, written: false }, null, 2));
      return 0;
    }
    for (const line of caseTrialText(trial, caseFlow, directory, when)) io.out(line);
    return 0;
  }
  if (!flow) return 1;

  const trial = runRequestTrial({ flow, flows: loaded.registry, directory, requester: requester.email, form: form.raw, at: when.at });
  if (!trial.ok) {
    if (trial.refusal.code === 'form.invalid' && trial.refusal.fieldErrors) {
      for (const [field, message] of Object.entries(trial.refusal.fieldErrors)) io.err(`docket simulate: --form ${field}: ${message}`);
      io.err(`usage: ${SIMULATE_USAGE}`);
      return 2;
    }
    io.err(`docket simulate: the engine refused at ${trial.stage === 'submit' ? 'submission' : 'a decision'}: ${explain(trial.refusal.code, trial.refusal.details)} (${trial.refusal.code})`);
    return 1;
  }
  if (flag(args, 'json')) {
    const json = {
      flow: { id: flow.def.id, name: flow.def.name, version: flow.version },
      requester: requester.email,
      at: when.at.toISOString(),
      zone: when.zone,
      title: trial.request.title,
      form: trial.request.form,
      steps: trial.steps,
      outcome: trial.outcome,
      effects: trial.effects,
      problems: trial.problems,
      written: false,
    };
    io.out(JSON.stringify(json, null, 2));
    return 0;
  }
  for (const line of requestTrialText(trial, flow, directory, when, false)) io.out(line);
  return 0;
}
