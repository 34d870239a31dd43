// `npm run teams:package`: a manifest valid against the Teams v1.24 schema shipped in
// @microsoft/app-manifest, two icons of the right sizes, zipped so Teams can read it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packageFiles, zipPackage } from '../../adapters/teams/packaging/build.ts';
import { main } from '../../adapters/teams/packaging/main.ts';
import { buildManifest, settingProblems } from '../../adapters/teams/packaging/manifest.ts';
import { pngSize } from '../../adapters/teams/packaging/png-size.ts';
import { schemaProblems } from '../../adapters/teams/packaging/validate.ts';

const settings = { botId: '0C5F3E1A-9B2D-4E7F-8A6C-3D1B5E9F7A2C', teamsAppId: '7d4b2e9a-3c1f-4a8e-b6d0-5f2a9c7e1b3d', publicUrl: 'https://docket.acme.example/', developerName: 'Acme IT', version: '0.1.0' };

/** the entries of a zip, read the way any unzip tool would: through the central directory */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(crc32(data), name).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

describe('the Teams app manifest', () => {
  it('validates against the v1.24 schema of @microsoft/app-manifest', async () => {
    expect(await schemaProblems(buildManifest(settings))).toEqual([]);
  });

  it('is checked for real: a broken manifest is refused by the same schema', async () => {
    const broken = { ...buildManifest(settings), manifestVersion: '1.99', accentColor: 'blue' };
    const problems = await schemaProblems(broken);
    expect(problems?.length).toBeGreaterThan(0);
    expect(problems!.join('\n')).toContain('/manifestVersion');
  });

  it('offers the bot in personal chats, teams and group chats with the request, case and help commands', () => {
    const m = buildManifest(settings) as { id: string; bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[]; validDomains: string[]; developer: Record<string, string> };
    expect(m.id).toBe('7d4b2e9a-3c1f-4a8e-b6d0-5f2a9c7e1b3d');
    expect(m.bots[0]!.botId).toBe('0c5f3e1a-9b2d-4e7f-8a6c-3d1b5e9f7a2c');
    expect(m.bots[0]!.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(m.bots[0]!.commandLists[0]!.commands.map((c) => c.title)).toEqual(['request', 'case', 'help']);
    expect(m.validDomains).toEqual(['docket.acme.example']);
    expect(m.developer).toEqual({ name: 'Acme IT', websiteUrl: 'https://docket.acme.example', privacyUrl: 'https://docket.acme.example/privacy', termsOfUseUrl: 'https://docket.acme.example/terms' });
  });

  it('says what is wrong with the settings', () => {
    expect(settingProblems({ ...settings, botId: 'my-bot', publicUrl: 'http://docket.local', version: '1.0' })).toEqual([
      'MicrosoftAppId must be the bot\'s app id, a GUID such as 0c5f3e1a-9b2d-4e7f-8a6c-3d1b5e9f7a2c (got "my-bot")',
      'DOCKET_PUBLIC_URL must be the https:// address Docket is served at (got "http://docket.local")',
      'the version must be MAJOR.MINOR.PATCH (got "1.0")',
    ]);
  });

  it('fills placeholders inside the JSON, so a value cannot break out of its string', () => {
    const m = buildManifest({ ...settings, developerName: 'Acme "IT", Inc.' }) as { developer: { name: string } };
    expect(m.developer.name).toBe('Acme "IT", Inc.');
    expect(() => buildManifest(settings, { name: '{{nope}}' })).toThrow('manifest template: unknown placeholder {{nope}}');
  });
});

describe('the Teams app package', () => {
  it('zips manifest.json, a 192×192 colour icon and a 32×32 outline icon', () => {
    const files = unzip(zipPackage(packageFiles(settings)));
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(buildManifest(settings));
    expect(pngSize(files.get('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files.get('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  it('is the same bytes every time from the same inputs', () => {
    expect(zipPackage(packageFiles(settings)).equals(zipPackage(packageFiles(settings)))).toBe(true);
  });

  it('ships an outline icon white on transparent, as Teams requires', () => {
    const png = unzip(zipPackage(packageFiles(settings))).get('outline.png')!;
    // IDAT after IHDR: inflate and look at the pixels (RGBA, one filter byte per row)
    const idat = png.indexOf('IDAT');
    const pixels = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const seen = new Set<string>();
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) seen.add(pixels.subarray(y * 129 + 1 + x * 4, y * 129 + 5 + x * 4).toString('hex'));
    expect([...seen].sort()).toEqual(['00000000', 'ffffffff']);
  });

  describe('npm run teams:package', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'docket-teams-package-'));
    });
    afterAll(async () => {
      vi.restoreAllMocks();
      await rm(dir, { recursive: true, force: true });
    });

    it('writes the zip from the environment', async () => {
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const out = path.join(dir, 'dist/teams-app.zip');
      expect(await main({ MicrosoftAppId: settings.botId, DOCKET_PUBLIC_URL: settings.publicUrl }, out)).toBe(0);
      const manifest = JSON.parse(unzip(await readFile(out)).get('manifest.json')!.toString('utf8')) as { id: string; version: string };
      expect(manifest).toMatchObject({ id: '0c5f3e1a-9b2d-4e7f-8a6c-3d1b5e9f7a2c', version: '0.1.0' });
    });

    it('refuses without an app id and a public URL, saying which', async () => {
      const errors: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        errors.push(String(chunk));
        return true;
      });
      expect(await main({}, path.join(dir, 'never.zip'))).toBe(1);
      expect(errors.join('')).toContain('MicrosoftAppId must be the bot\'s app id');
      expect(errors.join('')).toContain('DOCKET_PUBLIC_URL must be the https:// address');
      await expect(readFile(path.join(dir, 'never.zip'))).rejects.toThrow();
    });
  });
});
