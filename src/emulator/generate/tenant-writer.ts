import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ArmResource, TenantPrincipal } from './tenant-types.js';

/** Flush to the stream once this many characters are buffered; keeps write calls few and memory flat. */
const CHUNK_CHARS = 256 * 1024;

export interface WriteSummary {
  resources: number;
  bytes: number;
}

/**
 * Writes a tenant file incrementally: a header line with `tenantId` and `principals`, then one
 * resource per line, then the closing brackets. The result is ordinary JSON; the one-resource-
 * per-line layout also lets loaders of very large files read it line by line. Honours the
 * stream's backpressure, so memory stays flat whatever the number of resources.
 */
export async function writeTenantFile(
  out: string,
  header: { tenantId: string; principals: readonly TenantPrincipal[] },
  resources: Iterable<ArmResource>,
): Promise<WriteSummary> {
  const stream = createWriteStream(out, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  // Surface write errors (disk full, permissions) through the awaits below instead of as an uncaught event.
  const failure = once(stream, 'error').then(([err]) => Promise.reject(err as Error));
  failure.catch(() => undefined);
  let buffer = `{"tenantId":${JSON.stringify(header.tenantId)},"principals":${JSON.stringify(header.principals)},"resources":[`;
  let count = 0;
  let bytes = 0;

  const flush = async (): Promise<void> => {
    bytes += Buffer.byteLength(buffer);
    const ok = stream.write(buffer);
    buffer = '';
    if (!ok) await Promise.race([once(stream, 'drain'), failure]);
  };

  try {
    for (const resource of resources) {
      buffer += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(resource)}`;
      count++;
      if (buffer.length >= CHUNK_CHARS) await flush();
    }
    buffer += '\n]}\n';
    await flush();
    stream.end();
    await Promise.race([finished(stream), failure]);
  } catch (error) {
    // Leave no open descriptor behind; the half-written file is the caller's to discard.
    stream.destroy();
    throw error;
  }
  return { resources: count, bytes };
}
