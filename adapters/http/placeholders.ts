// Routes whose adapters come in later issues. Until then they answer 503 with a sentence
// instead of a bare 404, so someone pointing Slack or Teams here learns why nothing happens.
// Each later issue deletes its line and mounts the real handler.
import type { Method } from './router.ts';
import type { Handler, HttpServer } from './server.ts';

export const PLACEHOLDERS: ReadonlyArray<{ method: Method; path: string; message: string }> = [];

export function notAvailable(message: string): Handler {
  return (ctx) => ctx.json(503, { error: 'not_available', message });
}

export function mountPlaceholders(server: HttpServer): void {
  for (const p of PLACEHOLDERS) server.route(p.method, p.path, notAvailable(p.message));
}
