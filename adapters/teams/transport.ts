// POST /api/messages: the Bot Framework's HTTP transport on our own server. The body is read
// once (ctx.readBody), checked for the envelope we rely on, authenticated, then run through
// CloudAdapter as one turn; an invoke's answer is the HTTP response Teams waits for.
//
// Authentication is done first and on its own, so that every way a token can be wrong is a 401
// (the SDK's own `process` turns some, such as a bad signature, into a 500). With MicrosoftAppId
// set, botbuilder validates the JWT: signature against the Bot Framework's published keys
// (https://login.botframework.com/v1/.well-known/openidconfiguration), issuer
// https://api.botframework.com, audience = the app id, expiry, and the `serviceurl` claim equal
// to the activity's serviceUrl. Without it (local mode) no token is checked, the Emulator's way,
// so local mode takes activities only from this machine and only with a loopback serviceUrl:
// otherwise whoever reaches the port would pick both who they are and where the bot's calls go.
import { type Activity, CloudAdapter, type ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import { isLoopbackAddress } from '../http/client-address.ts';
import { HttpError, type Handler } from '../http/server.ts';

export { isLoopbackAddress };

// The fields the turn handlers read, with the types they assume: anything else is a 400 here,
// not a TypeError deep in a handler.
const Account = z.looseObject({ id: z.string().max(1000) });
const Envelope = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(1000).optional(),
  name: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  channelId: z.string().min(1).max(100),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2000),
  conversation: z.looseObject({ id: z.string().min(1).max(1000), conversationType: z.string().max(100).optional(), tenantId: z.string().max(100).nullish() }),
  from: Account.optional(),
  recipient: Account.optional(),
  text: z.string().max(100_000).nullish(),
  replyToId: z.string().max(1000).optional(),
  entities: z.array(z.looseObject({ type: z.string().max(100).nullish() })).max(100).nullish(),
  membersAdded: z.array(Account).max(1000).nullish(),
  membersRemoved: z.array(Account).max(1000).nullish(),
  channelData: z.looseObject({}).nullish(),
});

export class AuthFailure extends Error {
  constructor(
    message: string,
    /** the keys could not be fetched: not the caller's fault, they should retry */
    readonly unavailable: boolean,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }
}

export class TeamsAdapter extends CloudAdapter {
  constructor(private readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
  }

  /** authenticates, then runs one turn; resolves with the invoke answer, if the turn gave one */
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<{ status: number; body?: unknown } | undefined> {
    let authenticated: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.auth.authenticateRequest(activity, authHeader);
    } catch (err) {
      const e = err as { message?: string; statusCode?: number; name?: string };
      // AuthenticationError 500: the OpenID metadata or the keys could not be loaded
      throw new AuthFailure(e.message ?? String(err), (typeof e.statusCode === 'number' && e.statusCode >= 500) || e.name === 'FetchError');
    }
    return this.processActivity(authenticated, activity, logic);
  }
}

/** http(s)://localhost, 127.x.x.x or [::1], where the Emulator listens */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || isLoopbackAddress(host.replace(/^\[(.*)\]$/, '$1'));
}

export interface MessagesOptions {
  /** DOCKET_TEAMS=local: no tokens, so only this machine may talk to the bot, with a loopback serviceUrl */
  local: boolean;
}

const LOCAL_ONLY = 'DOCKET_TEAMS=local takes activities only from this machine, with a loopback serviceUrl (as the Bot Framework Emulator sends them).';

export function messagesHandler(adapter: TeamsAdapter, logic: (context: TurnContext) => Promise<void>, log: Logger, options: MessagesOptions): Handler {
  return async (ctx) => {
    // a proxy on this machine makes every caller look local: its forwarding headers give it away
    const proxied = ctx.req.headers['x-forwarded-for'] !== undefined || ctx.req.headers.forwarded !== undefined;
    if (options.local && (!isLoopbackAddress(ctx.req.socket.remoteAddress) || proxied)) {
      log.warn('teams: local mode refused an activity from another machine', { remoteAddress: ctx.req.socket.remoteAddress, proxied });
      return ctx.json(403, { error: 'forbidden', message: LOCAL_ONLY });
    }
    const parsed = Envelope.safeParse(await ctx.readJson());
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      throw new HttpError(400, 'bad_activity', `The body is not a Bot Framework activity (${issues}).`);
    }
    const activity = parsed.data as unknown as Activity;
    if (options.local && !isLoopbackUrl(activity.serviceUrl)) {
      log.warn('teams: local mode refused an activity whose serviceUrl is not on this machine', { serviceUrl: activity.serviceUrl });
      return ctx.json(403, { error: 'forbidden', message: LOCAL_ONLY });
    }
    const header = ctx.req.headers.authorization ?? '';
    let answer: { status: number; body?: unknown } | undefined;
    try {
      answer = await adapter.handle(header, activity, logic);
    } catch (err) {
      if (!(err instanceof AuthFailure)) throw err;
      if (err.unavailable) {
        log.error('teams: cannot verify Bot Framework tokens right now', { reason: err.message });
        return ctx.json(503, { error: 'auth_unavailable', message: 'The Bot Framework signing keys could not be loaded; try again.' }, { 'Retry-After': '5' });
      }
      log.warn('teams: refused an activity with a missing or invalid token', { reason: err.message, type: activity.type, serviceUrl: activity.serviceUrl });
      return ctx.json(401, { error: 'unauthorized', message: 'The Bot Framework token is missing or invalid.' });
    }
    if (answer?.body !== undefined) return ctx.json(answer.status, answer.body);
    ctx.send(answer?.status ?? 200, '');
  };
}
