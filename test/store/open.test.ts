// openStore's handling of the SQLite URL forms.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { aRequest } from '../support/builders.ts';

describe('openStore', () => {
  it('keeps one in-memory SQLite database for the life of the store', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await store.transaction((tx) => tx.insertRequest(aRequest({ id: 'MEM-1' })));
      expect((await store.getRequest('MEM-1'))?.id).toBe('MEM-1');
      expect(store.dialect).toBe('sqlite');
    } finally {
      await store.close();
    }
  });

  it('creates the folders of a SQLite file that does not exist yet', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-open-'));
    try {
      const file = path.join(dir, 'nested', 'deeper', 'docket.db');
      const store = await openStore(`sqlite:${file}`);
      await store.ping();
      await store.close();
      expect(existsSync(file)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a URL it cannot use before connecting', async () => {
    await expect(openStore('mongodb://db/x')).rejects.toThrow('database url must start with sqlite: or postgres://');
  });
});
