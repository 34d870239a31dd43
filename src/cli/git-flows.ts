// The flows directory as it was at a git revision, copied into a temporary folder with
// `git show <commit>:<path>` for each file. Only execFile with argument lists: the revision the
// admin types never reaches a shell, and it is resolved to a commit id (refusing anything that
// looks like an option) before it is used.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_FILES = 500;

export type GitFlows = { ok: true; dir: string; commit: string } | { ok: false; message: string };

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

export async function flowsAtRevision(flowsDir: string, rev: string): Promise<GitFlows> {
  if (rev.startsWith('-') || rev.length > 200 || /[\s\0]/.test(rev)) return { ok: false, message: `not a git revision: ${JSON.stringify(rev.slice(0, 60))}` };
  const abs = path.resolve(flowsDir);
  let top: string;
  try {
    top = (await git(abs, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return { ok: false, message: `${flowsDir} is not inside a git repository` };
  }
  let commit: string;
  try {
    commit = (await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch {
    return { ok: false, message: `git does not know the revision ${JSON.stringify(rev)}` };
  }
  const rel = path.relative(top, abs).split(path.sep).join('/');
  const listed = (await git(top, ['ls-tree', '-r', '--name-only', '-z', commit, '--', rel === '' ? '.' : rel])).split('\0').filter((f) => /\.ya?ml$/.test(f));
  if (listed.length === 0) return { ok: false, message: `${rel || '.'} holds no YAML files at ${rev}` };
  if (listed.length > MAX_FILES) return { ok: false, message: `${rel} holds ${listed.length} YAML files at ${rev}; expected at most ${MAX_FILES}` };
  const root = await mkdtemp(path.join(tmpdir(), 'docket-diff-'));
  // the copy is named like the original, so problems read "flows/requests/…" as they do today
  const dir = path.join(root, path.basename(abs));
  for (const file of listed) {
    const inside = rel === '' ? file : file.slice(rel.length + 1);
    if (inside.split('/').includes('..')) continue;
    const target = path.join(dir, inside);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await git(top, ['show', `${commit}:${file}`]));
  }
  return { ok: true, dir, commit };
}
