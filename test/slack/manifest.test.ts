// manifest.json: a complete HTTP-mode Slack app manifest, ready for "Create an app → From a
// manifest": both commands, the scopes the adapter uses, events and interactivity on /slack/events.
import { readFileSync } from 'node:fs';
import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import imported from '../../manifest.json' with { type: 'json' };

/** @slack/web-api's Manifest (what apps.manifest.create takes); the package does not export it by name */
type Manifest = webApi.AppsManifestCreateArguments['manifest'];
type BotScope = NonNullable<NonNullable<NonNullable<Manifest['oauth_config']>['scopes']>['bot']>[number];
type BotEvent = NonNullable<NonNullable<NonNullable<Manifest['settings']>['event_subscriptions']>['bot_events']>[number];
// type-checked by tsc (it runs over test/): a wrong value type fails the build. JSON imports
// widen strings, so the two unions of literal names (scopes, events) need a cast.
const manifest: Manifest = {
  ...imported,
  oauth_config: { scopes: { bot: imported.oauth_config.scopes.bot as BotScope[] } },
  settings: { ...imported.settings, event_subscriptions: { ...imported.settings.event_subscriptions, bot_events: imported.settings.event_subscriptions.bot_events as BotEvent[] } },
};

describe('manifest.json', () => {
  it('is valid JSON', () => {
    expect(() => JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'))).not.toThrow();
  });

  it('names both commands, all on the /slack/events URL', () => {
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.map((c) => c.command)).toEqual(['/request', '/case']);
    const urls = [...commands.map((c) => c.url), manifest.settings?.event_subscriptions?.request_url, manifest.settings?.interactivity?.request_url];
    for (const url of urls) expect(url).toBe('https://YOUR-HOST/slack/events');
    // mentions in /case assign arrive as <@U…> only when Slack escapes command text
    for (const c of commands) expect(c.should_escape).toBe(true);
  });

  it('asks for the scopes and events the adapter uses, and enables the Home tab and interactivity', () => {
    expect(manifest.oauth_config?.scopes?.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'users:read.email', 'channels:history', 'groups:history']));
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(expect.arrayContaining(['app_home_opened', 'message.channels', 'message.groups', 'app_mention', 'message.im']));
    expect(manifest.oauth_config?.scopes?.bot).toEqual(expect.arrayContaining(['app_mentions:read', 'im:history']));
    // people must be able to write to the bot for `message.im` to arrive
    expect(manifest.features?.app_home?.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.features?.bot_user?.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.socket_mode_enabled).toBe(false);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect((manifest.display_information.description ?? '').length).toBeLessThanOrEqual(140);
  });
});


describe('manifest.socket.json', () => {
  const socket = JSON.parse(readFileSync(new URL('../../manifest.socket.json', import.meta.url), 'utf8')) as Manifest;

  it('is manifest.json in Socket Mode: no public URL anywhere', () => {
    expect(socket.settings?.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('YOUR-HOST');
    expect(socket.settings?.event_subscriptions?.request_url).toBeUndefined();
    expect(socket.settings?.interactivity?.request_url).toBeUndefined();
    for (const c of socket.features?.slash_commands ?? []) expect(c.url).toBeUndefined();
  });

  it('asks for the same commands, scopes, events and features as manifest.json', () => {
    const strip = (m: Manifest) => {
      const copy = JSON.parse(JSON.stringify(m)) as Manifest;
      for (const c of copy.features?.slash_commands ?? []) delete c.url;
      delete copy.settings?.event_subscriptions?.request_url;
      delete copy.settings?.interactivity?.request_url;
      copy.settings!.socket_mode_enabled = true;
      return copy;
    };
    expect(socket).toEqual(strip(manifest));
  });
});
