// Routes whose adapters come in later issues. Until then they answer 503 with a sentence
// instead of a bare 404, so someone pointing Slack or Teams here learns why nothing happens.
// Each later issue deletes its line and mounts the real handler.
import type { Method } from './router.ts';
import type { Handler, HttpServer } from './server.ts';

export const PLACEHOLDERS: ReadonlyArray<{ method: Method; path: string; message: string }> = [
  { method: 'POST', path: '/slack/events', message: 'The Slack adapter is not built yet; Docket cannot receive Slack events.' },
  { method: 'POST', path: '/api/messages', message: 'The Teams adapter is not built yet; Docket cannot receive Bot Framework activities.' },
  { method: 'GET', path: '/', message: 'The web console is not built yet; GET /healthz shows what is running.' },
];

export function notAvailable(message: string): Handler {
  return (ctx) => ctx.json(503, { error: 'not_available', message });
}

export function mountPlaceholders(server: HttpServer): void {
  for (const p of PLACEHOLDERS) server.route(p.method, p.path, notAvailable(p.message));
}
