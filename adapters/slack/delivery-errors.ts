// Slack Web API failures as the dispatcher needs them: try again later, or never.
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/ports/chat.ts';

/** errors that will not go away by themselves: dead-letter with the reason, for an admin */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'is_archived',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);
/** the person cannot be written to in Slack at all */
const UNREACHABLE = new Set(['user_not_found', 'users_not_found', 'user_disabled', 'cannot_dm_bot', 'user_not_visible']);
/** Slack's own trouble, reported with 200 ok:false */
const RETRYABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

export function classifySlackError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) return new DeliveryError('retryable', `${what}: rate limited by Slack`, err.retryAfter * 1000);
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (UNREACHABLE.has(code)) return new DeliveryError('unreachable', `${what}: ${code}`);
    if (RETRYABLE.has(code)) return new DeliveryError('retryable', `${what}: ${code}`);
    // unknown codes are permanent too: retrying a malformed call forever helps nobody
    return new DeliveryError('permanent', PERMANENT.has(code) ? `${what}: ${code}` : `${what}: ${code} (not a Slack error Docket knows)`);
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const retryable = err.statusCode >= 500 || err.statusCode === 408 || err.statusCode === 429;
    return new DeliveryError(retryable ? 'retryable' : 'permanent', `${what}: HTTP ${err.statusCode}`);
  }
  // network failures, timeouts, aborted requests
  if (err instanceof webApi.WebAPIRequestError) return new DeliveryError('retryable', `${what}: ${err.original.message}`);
  return new DeliveryError('retryable', `${what}: ${err instanceof Error ? err.message : String(err)}`);
}
