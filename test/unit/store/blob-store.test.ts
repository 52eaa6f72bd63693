import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeKey, unescapeKey } from '../../../src/store/blob-names.js';
import { BlobStore } from '../../../src/store/blob-store.js';
import { StoreUnavailableError } from '../../../src/store/types.js';
import { startAzurite, type Azurite } from './support/azurite.js';
import { storeContract } from './support/contract.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => {
  await azurite?.close();
});

function containerName(): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

storeContract('BlobStore on Azurite', async () => {
  const container = containerName();
  return {
    open: () => BlobStore.open({ connectionString: azurite.connectionString, container }),
    dispose: async () => {
      await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container).deleteIfExists();
    },
  };
});

describe('BlobStore specifics', () => {
  test('key escaping keeps prefixes and round-trips any text', () => {
    for (const key of ['19:abc@thread.tacv2;messageid=1', 'a/b.', '~', 'Zürich 🚀', '']) {
      expect(unescapeKey(escapeKey(key))).toBe(key);
      expect(escapeKey(key)).toMatch(/^[A-Za-z0-9_~-]*$/);
    }
    expect(escapeKey('19:abc@thread.tacv2;messageid=1').startsWith(escapeKey('19:abc@'))).toBe(true);
  });

  test('refuses to start when storage cannot be reached, without leaking the account key', async () => {
    const unreachable = azurite.connectionString.replace(`:${azurite.port}/`, ':1/');
    const error = await BlobStore.open({ connectionString: unreachable, container: containerName() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(String((error as Error).message)).toMatch(/cannot be reached or read.*will not start/s);
    expect(String((error as Error).message)).not.toContain('AccountKey');
  }, 30_000);

  test('refuses a container whose format marker is damaged, and a damaged record is reported', async () => {
    const container = containerName();
    const store = await BlobStore.open({ connectionString: azurite.connectionString, container });
    await store.put('subs', 'a', { ok: true });
    const client = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container);
    await client.getBlockBlobClient('subs/a').upload('{not json', 9);
    await expect(store.get('subs', 'a')).rejects.toThrow(/unreadable record \(subs\/a\)/);
    await client.getBlockBlobClient('_shipshape/format').upload('garbage', 7);
    await expect(BlobStore.open({ connectionString: azurite.connectionString, container })).rejects.toThrow(/another format.*will not start/s);
  });
});
