import type { IncomingMessage } from 'node:http';
import { invalidRequestContent, requestTooLarge } from './arm-errors.js';
import { ArmError } from './types.js';

/** ARM refuses request bodies above 4 MB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ParsedTarget {
  /** Percent-decoded path segments, empty ones (from `//`) dropped. */
  segments: string[];
  /** `/a/b`, from the decoded segments. */
  path: string;
  query: URLSearchParams;
}

/**
 * Splits a request target without `new URL()`: a path starting with `//` would otherwise be read as
 * a host name, and the SDK sends exactly that for scopes with a leading slash.
 */
export function parseTarget(rawUrl: string): ParsedTarget {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      throw new ArmError(400, 'InvalidRequestUri', `The request URI '${rawPath}' is not valid: malformed percent-encoding.`);
    }
  }
  return { segments, path: '/' + segments.join('/'), query };
}

/** A query parameter by name, ignoring case (`api-version`, `$skipToken`/`$skiptoken`). */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const direct = query.get(name);
  if (direct !== null) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Reads the whole body, refusing more than `limit` bytes with ARM's 413. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw requestTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw requestTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON body or undefined when empty; ARM's 400 `InvalidRequestContent` when it does not parse. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidRequestContent((error as Error).message);
  }
}
