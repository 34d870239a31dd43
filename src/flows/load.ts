// Loads flows/: org.yaml, requests/*.yaml, cases/*.yaml → a validated, compiled flow registry
// and the org directory. Every problem in every file is collected, so one run of `docket check`
// lists all there is to fix.
import path from 'node:path';
import type { Directory } from '../ports/directory.ts';
import type { FlowIndex } from './check-actions.ts';
import { checkCaseFlow } from './check-case.ts';
import { checkFollowUpCycles, checkManagerCycles } from './check-cycles.ts';
import { checkOrg, indexOrg } from './check-org.ts';
import { checkRequestFlow } from './check-request.ts';
import { compileFlow } from './compile.ts';
import { buildDirectory } from './directory.ts';
import { listYaml, readValidated, type Parsed } from './load-file.ts';
import { CaseFlow, Org, RequestFlow, type FlowFile } from './model.ts';
import { sortProblems, type Problem } from './problem.ts';
import { FlowRegistry } from './registry.ts';
import { placeAll } from './place.ts';

export { formatProblem, type Problem } from './problem.ts';

export type LoadResult =
  | { ok: true; registry: FlowRegistry; directory: Directory; files: string[] }
  | { ok: false; problems: Problem[] };

const FOLDERS = [
  ['requests', 'request'],
  ['cases', 'case'],
] as const;

export async function loadFlows(dir: string): Promise<LoadResult> {
  // Files are named from the flows directory's parent, the way an admin sees them: flows/org.yaml
  const label = path.basename(path.resolve(dir));
  const problems: Problem[] = [];
  const at = (rel: string) => ({ path: path.join(dir, rel), display: `${label}/${rel}`, rel });

  const rootFiles = await listYaml(dir);
  const orgName = rootFiles.find((f) => f === 'org.yaml') ?? rootFiles.find((f) => f === 'org.yml');
  for (const stray of rootFiles.filter((f) => f !== orgName)) {
    problems.push({ file: `${label}/${stray}`, line: 1, col: 1, path: '(file)', message: 'not a flow location; expected request flows under requests/ and case flows under cases/' });
  }
  let org: Parsed<Org> | undefined;
  if (orgName) org = (await readValidated(at(orgName), Org, 'org', problems)).parsed;
  else problems.push({ file: `${label}/org.yaml`, line: 1, col: 1, path: '(file)', message: 'missing; expected org.yaml with the people, groups, roles and calendar' });
  if (org) placeAll(problems, org, [...checkOrg(org.value), ...checkManagerCycles(org.value)]);
  // Without a valid org.yaml, flows are still checked, but not for the people they name.
  const orgIndex = org ? indexOrg(org.value) : undefined;

  const flows: Parsed<FlowFile>[] = [];
  const broken = new Set<string>();
  for (const [folder, kind] of FOLDERS) {
    for (const name of await listYaml(path.join(dir, folder))) {
      const read = await readValidated(at(`${folder}/${name}`), kind === 'request' ? RequestFlow : CaseFlow, kind, problems);
      if (read.parsed) flows.push(read.parsed);
      // A broken file's id is remembered so that links to it are not reported a second time.
      else if (read.declaredId) broken.add(read.declaredId);
    }
  }

  const byId = new Map<string, Parsed<FlowFile>>();
  for (const flow of flows) {
    const first = byId.get(flow.value.id);
    if (!first) byId.set(flow.value.id, flow);
    else placeAll(problems, flow, [{ path: ['id'], message: `duplicate flow id "${flow.value.id}"; expected each flow id once (also in ${first.display})` }]);
  }
  const index: FlowIndex = { flows: new Map([...byId].map(([id, f]) => [id, f.value])), broken };

  const cycles = checkFollowUpCycles([...byId.values()].map((f) => f.value));
  const registry = new FlowRegistry();
  for (const flow of flows) {
    const def = flow.value;
    placeAll(problems, flow, def.kind === 'request' ? checkRequestFlow(def, orgIndex, index) : checkCaseFlow(def, orgIndex, index));
    if (byId.get(def.id) === flow) placeAll(problems, flow, cycles.get(def.id) ?? []);
    const compiled = compileFlow(def, flow.rel, { display: flow.display, locate: flow.source.locate });
    if (Array.isArray(compiled)) problems.push(...compiled);
    else if (byId.get(def.id) === flow) registry.add(compiled);
  }

  if (problems.length > 0 || !org) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, registry, directory: buildDirectory(org.value), files: [org.display, ...flows.map((f) => f.display)] };
}
