// What arrives at POST /slack/events, told apart: a slash command (form fields), an interaction
// (form field `payload` holding JSON), an Events API callback (JSON), the URL check Slack does
// when the Request URL is saved, and the SSL check it sends to slash commands now and then.
import { z } from 'zod';

export type Inbound =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'ssl_check' }
  | { kind: 'command'; body: Record<string, string> }
  | { kind: 'interaction'; body: Record<string, unknown> }
  | { kind: 'event'; body: Record<string, unknown> };

export type ParseResult = { ok: true; inbound: Inbound } | { ok: false; message: string };

const Command = z.object({ command: z.string().startsWith('/'), user_id: z.string().min(1), text: z.string().default(''), channel_id: z.string().default('') }).loose();
const Interaction = z.object({ type: z.string().min(1), user: z.object({ id: z.string().min(1) }).loose() }).loose();
const UrlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) });
const EventCallback = z.object({ type: z.literal('event_callback'), event: z.object({ type: z.string() }).loose() }).loose();

export function parseInbound(raw: Buffer, contentType: string | undefined): ParseResult {
  const text = raw.toString('utf8');
  if ((contentType ?? '').toLowerCase().includes('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, message: 'The body is not valid JSON.' };
    }
    const check = UrlVerification.safeParse(json);
    if (check.success) return { ok: true, inbound: { kind: 'url_verification', challenge: check.data.challenge } };
    const event = EventCallback.safeParse(json);
    if (event.success) return { ok: true, inbound: { kind: 'event', body: event.data } };
    return { ok: false, message: 'Expected an Events API callback (type event_callback or url_verification).' };
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  if (form.ssl_check === '1') return { ok: true, inbound: { kind: 'ssl_check' } };
  if (form.payload !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(form.payload);
    } catch {
      return { ok: false, message: 'The payload field is not valid JSON.' };
    }
    const interaction = Interaction.safeParse(json);
    if (!interaction.success) return { ok: false, message: 'Expected an interaction payload with a type and a user.' };
    return { ok: true, inbound: { kind: 'interaction', body: interaction.data } };
  }
  const command = Command.safeParse(form);
  if (command.success) return { ok: true, inbound: { kind: 'command', body: { ...form, text: command.data.text, channel_id: command.data.channel_id } } };
  return { ok: false, message: 'Expected a slash command, an interaction payload or an Events API callback.' };
}
