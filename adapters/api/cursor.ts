// Page cursors: the (time, id) of the last item shown, opaque to clients. A cursor is only a
// position, not a secret or a permission: filters and the token's flows apply to every page.
import type { After } from '../../src/ports/api.ts';
import { ApiProblem } from './problem.ts';

export function encodeCursor(after: After): string {
  return Buffer.from(JSON.stringify([after.at, after.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): After | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { at: value[0], id: value[1] };
  } catch {
    // fall through: not ours
  }
  throw new ApiProblem('api.bad_cursor');
}
