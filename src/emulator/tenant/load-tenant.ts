import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { JsonStructureError, JsonTopLevelScanner } from './json-top-level-scanner.js';
import { TenantBuilder, TenantFileError, loadTenantObject } from './tenant-builder.js';
import type { LoadedTenant } from './tenant-builder.js';

export { TenantFileError, loadTenantObject };
export type { LoadedTenant, TenantPrincipal } from './tenant-builder.js';

const STREAMED = new Set(['principals', 'resources']);

/**
 * Reads, validates and indexes a tenant file of any size: principals and resources are parsed
 * one element at a time, so memory holds the parsed resources and not the file text.
 * Throws {@link TenantFileError} naming the JSON path of every problem found.
 */
export async function loadTenantFile(path: string, options: { fingerprint?: boolean } = {}): Promise<LoadedTenant> {
  const builder = new TenantBuilder();
  const scanner = new JsonTopLevelScanner({
    streamed: STREAMED,
    value(key, json) {
      if (STREAMED.has(key)) return builder.problem(key, 'expected an array');
      if (key !== 'tenantId') return; // other top-level members ($schema, description…) are ignored
      const parsed = parseOrReport(builder, key, json);
      if (parsed.ok) builder.setTenantId(parsed.value);
    },
    element(key, index, json) {
      const parsed = parseOrReport(builder, `${key}[${index}]`, json);
      if (!parsed.ok) return;
      if (key === 'principals') builder.addPrincipal(parsed.value, index);
      else builder.addResource(parsed.value, index);
    },
  });
  // The digest of the file's bytes names the saved emulator state that belongs to this file; only
  // computed when asked for (it adds about a tenth to the load of a large file).
  const digest = options.fingerprint ? createHash('sha256') : undefined;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      digest?.update(chunk as Buffer);
      scanner.write(chunk as Buffer);
    }
    scanner.end();
  } catch (error) {
    if (error instanceof JsonStructureError) throw new TenantFileError([`$: ${error.message}`], path);
    if (isNodeError(error) && error.code === 'ENOENT') throw new TenantFileError([`$: file not found`], path);
    throw error;
  }
  return builder.finish(path, digest?.digest('hex'));
}

function parseOrReport(builder: TenantBuilder, path: string, json: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    builder.problem(path, `invalid JSON (${(error as Error).message})`);
    return { ok: false };
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
