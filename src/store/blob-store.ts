import type { TokenCredential } from '@azure/core-auth';
import { isRestError } from '@azure/core-rest-pipeline';
import { BlobServiceClient, type BlockBlobClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { blobName, compareKeys, FORMAT_BLOB, unescapeKey } from './blob-names.js';
import {
  checkNamespace,
  ConcurrencyError,
  StoreUnavailableError,
  type DeleteOptions,
  type KeyValueStore,
  type PutOptions,
  type StoredItem,
} from './types.js';

export interface BlobStoreOptions {
  /** A storage connection string (Azurite's development account, or a real account's key). */
  connectionString?: string;
  /** Or the account URL with a token credential (managed identity in production). */
  accountUrl?: string;
  credential?: TokenCredential;
  container: string;
  /** How many items `list` downloads ahead of the reader. */
  prefetch?: number;
}

const FORMAT = 'shipshape-kv/1';
const EXPIRES = 'expiresat';
/** Fail fast when storage is unreachable: the caller decides whether to retry, not a minutes-long SDK loop. */
const PIPELINE: StoragePipelineOptions = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 15_000 } };

type Metadata = Record<string, string> | undefined;

function expired(metadata: Metadata, now = Date.now()): boolean {
  const at = metadata?.[EXPIRES];
  return at !== undefined && Number(at) <= now;
}

function status(error: unknown): number | undefined {
  return isRestError(error) ? error.statusCode : undefined;
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * The scale-out store: one block blob per item in one container, JSON in the body, expiry in the
 * blob's metadata. Every conditional write is a conditional request (`If-Match` with the item's
 * eTag, `If-None-Match: *` to create), so several instances can share it without locks.
 */
export class BlobStore implements KeyValueStore {
  private constructor(
    private readonly container: ContainerClient,
    private readonly where: string,
    private readonly prefetch: number,
  ) {}

  /** Connects, creates the container when missing and checks the format marker; refuses a store it cannot read. */
  static async open(options: BlobStoreOptions): Promise<BlobStore> {
    const service = options.connectionString
      ? BlobServiceClient.fromConnectionString(options.connectionString, PIPELINE)
      : options.accountUrl && options.credential
        ? new BlobServiceClient(options.accountUrl, options.credential, PIPELINE)
        : undefined;
    if (!service) throw new StoreUnavailableError('The blob store needs a connection string, or an account URL and a credential.');
    const container = service.getContainerClient(options.container);
    // Never the connection string: it carries the account key.
    const where = `container "${options.container}" at ${service.url}`;
    const store = new BlobStore(container, where, options.prefetch ?? 16);
    try {
      await container.createIfNotExists();
      await store.checkFormat();
    } catch (cause) {
      if (cause instanceof StoreUnavailableError) throw cause;
      const reason = isRestError(cause) ? `${cause.statusCode ?? 'no answer'} ${cause.code ?? cause.message}` : (cause as Error).message;
      throw new StoreUnavailableError(`The blob store (${where}) cannot be reached or read (${reason}). ShipShape will not start without its store.`, { cause });
    }
    return store;
  }

  private async checkFormat(): Promise<void> {
    const marker = this.container.getBlockBlobClient(FORMAT_BLOB);
    const body = JSON.stringify({ format: FORMAT });
    try {
      await marker.upload(body, Buffer.byteLength(body), { conditions: { ifNoneMatch: '*' } });
      return;
    } catch (error) {
      if (status(error) !== 409 && status(error) !== 412) throw error;
    }
    const text = (await readAll((await marker.download(0)).readableStreamBody)).toString('utf8');
    let format: unknown;
    try {
      format = (JSON.parse(text) as { format?: unknown }).format;
    } catch {
      format = undefined;
    }
    if (format !== FORMAT) {
      throw new StoreUnavailableError(
        `The blob store (${this.where}) holds data of another format (${String(format ?? 'unreadable marker')}); this version reads ${FORMAT}. ` +
          'ShipShape will not start with an empty store in its place: point it at the right container, or restore the marker.',
      );
    }
  }

  private blob(namespace: string, key: string): BlockBlobClient {
    checkNamespace(namespace);
    return this.container.getBlockBlobClient(blobName(namespace, key));
  }

  private async read<T>(client: BlockBlobClient, label: string): Promise<StoredItem<T> | undefined> {
    let response;
    try {
      response = await client.download(0);
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
    if (expired(response.metadata)) return undefined;
    const text = (await readAll(response.readableStreamBody)).toString('utf8');
    try {
      return { value: JSON.parse(text) as T, etag: response.etag ?? '' };
    } catch (cause) {
      throw new StoreUnavailableError(`The blob store (${this.where}) holds an unreadable record (${label}): it is damaged.`, { cause });
    }
  }

  async get<T>(namespace: string, key: string): Promise<StoredItem<T> | undefined> {
    return this.read<T>(this.blob(namespace, key), `${namespace}/${key}`);
  }

  async put<T>(namespace: string, key: string, value: T, options: PutOptions = {}): Promise<string> {
    const client = this.blob(namespace, key);
    const body = JSON.stringify(value);
    if (body === undefined) throw new TypeError(`${namespace}/${key}: the value cannot be stored as JSON`);
    const metadata: Record<string, string> = options.ttlSeconds === undefined ? {} : { [EXPIRES]: String(Date.now() + options.ttlSeconds * 1000) };
    const upload = async (conditions: { ifMatch?: string; ifNoneMatch?: string }): Promise<string> => {
      try {
        const result = await client.upload(body, Buffer.byteLength(body), {
          conditions,
          metadata,
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
        return result.etag ?? '';
      } catch (error) {
        const code = status(error);
        if (code === 412 || code === 409 || (code === 404 && conditions.ifMatch)) throw new ConcurrencyError(namespace, key);
        throw error;
      }
    };

    const { ifMatch } = options;
    if (ifMatch === undefined || ifMatch === '*') return upload({});
    if (ifMatch === 'absent') {
      try {
        return await upload({ ifNoneMatch: '*' });
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        // The blob exists; an expired item counts as absent, and replacing it is conditional on it being unchanged.
        const current = await this.properties(client);
        if (current && !expired(current.metadata)) throw error;
        return current ? upload({ ifMatch: current.etag }) : upload({ ifNoneMatch: '*' });
      }
    }
    // An expired item no longer has the caller's etag, as in the embedded store.
    const current = await this.properties(client);
    if (!current || current.etag !== ifMatch || expired(current.metadata)) throw new ConcurrencyError(namespace, key);
    return upload({ ifMatch });
  }

  private async properties(client: BlockBlobClient): Promise<{ etag: string; metadata: Metadata } | undefined> {
    try {
      const props = await client.getProperties();
      return { etag: props.etag ?? '', metadata: props.metadata };
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async delete(namespace: string, key: string, options: DeleteOptions = {}): Promise<boolean> {
    const client = this.blob(namespace, key);
    const current = await this.properties(client);
    if (!current) return false;
    const live = !expired(current.metadata);
    if (live && options.ifMatch !== undefined && options.ifMatch !== current.etag) throw new ConcurrencyError(namespace, key);
    try {
      await client.delete({ conditions: { ifMatch: current.etag } });
    } catch (error) {
      if (status(error) === 404) return false;
      if (status(error) === 412) {
        if (options.ifMatch !== undefined) throw new ConcurrencyError(namespace, key);
        return this.delete(namespace, key);
      }
      throw error;
    }
    return live;
  }

  /** Live blob names under a prefix, sorted by key (one listing request per 5,000 names). */
  private async names(namespace: string, prefix: string): Promise<{ key: string; name: string; etag: string }[]> {
    checkNamespace(namespace);
    const now = Date.now();
    const found: { key: string; name: string; etag: string }[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: blobName(namespace, prefix), includeMetadata: true })) {
      if (expired(item.metadata, now)) continue;
      // Listings give the etag unquoted; writes and reads give it quoted. One spelling for callers.
      const etag = item.properties.etag ?? '';
      found.push({ key: unescapeKey(item.name.slice(namespace.length + 1)), name: item.name, etag: etag.startsWith('"') ? etag : `"${etag}"` });
    }
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async *listKeys(namespace: string, prefix = ''): AsyncIterable<{ key: string; etag: string }> {
    for (const { key, etag } of await this.names(namespace, prefix)) yield { key, etag };
  }

  async *list<T>(namespace: string, prefix = ''): AsyncIterable<{ key: string } & StoredItem<T>> {
    const found = await this.names(namespace, prefix);
    // Downloads run ahead of the reader, a window that doubles while it keeps reading (a reader that
    // wants only the first item costs one download); results come in key order, and a reader that
    // stops early leaves no rejected promise unobserved.
    type Settled = { ok: true; item: StoredItem<T> | undefined } | { ok: false; error: unknown };
    const fetch = (name: string, key: string): Promise<Settled> =>
      this.read<T>(this.container.getBlockBlobClient(name), `${namespace}/${key}`).then(
        (item) => ({ ok: true, item }),
        (error: unknown) => ({ ok: false, error }),
      );
    const ahead: Promise<Settled>[] = [];
    let next = 0;
    let window = 1;
    for (let i = 0; i < found.length; i++) {
      while (ahead.length < window && next < found.length) {
        const entry = found[next++] as { key: string; name: string };
        ahead.push(fetch(entry.name, entry.key));
      }
      window = Math.min(this.prefetch, window * 2);
      const settled = await (ahead.shift() as Promise<Settled>);
      if (!settled.ok) throw settled.error;
      // Deleted or expired between the listing and the download: not a live item any more.
      if (settled.item) yield { key: (found[i] as { key: string }).key, ...settled.item };
    }
  }

  async healthy(): Promise<boolean> {
    try {
      await this.container.getProperties();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // The SDK keeps no connection that needs closing; requests in flight finish on their own.
  }
}
