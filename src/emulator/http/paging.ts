import { invalidSkipToken } from './arm-errors.js';
import { queryParam } from './request-parse.js';
import type { ArmRequest } from './types.js';

const SKIP_TOKEN = '$skiptoken';

/** Skip tokens are opaque to clients: base64url of the offset with a marker, checked on the way back. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^o:(\d{1,15})$/.exec(text);
  if (!m) throw invalidSkipToken(token);
  return Number(m[1]);
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/**
 * One page of `items` for `req`: `$skiptoken` gives the offset, the page size is the configured one
 * or a smaller `$top`. `nextLink` repeats the request (same path, same query, api-version and
 * $filter included) with the next token, as an absolute URL on this emulator.
 */
export function pageOf<T>(req: ArmRequest, items: Iterable<T>, pageSize: number): { value: T[]; nextLink?: string } {
  const token = queryParam(req.query, SKIP_TOKEN);
  const offset = token === undefined ? 0 : decodeSkipToken(token);
  const topRaw = queryParam(req.query, '$top');
  const top = topRaw !== undefined && /^\d+$/.test(topRaw) && Number(topRaw) > 0 ? Number(topRaw) : undefined;
  const size = Math.max(1, Math.min(top ?? pageSize, pageSize));

  let value: T[];
  let more: boolean;
  if (Array.isArray(items)) {
    value = items.slice(offset, offset + size) as T[];
    more = items.length > offset + size;
  } else {
    value = [];
    more = false;
    let index = 0;
    for (const item of items) {
      if (index++ < offset) continue;
      if (value.length === size) {
        more = true;
        break;
      }
      value.push(item);
    }
  }
  if (!more) return { value };

  const query = new URLSearchParams();
  for (const [key, v] of req.query) if (key.toLowerCase() !== SKIP_TOKEN) query.append(key, v);
  query.append(SKIP_TOKEN, encodeSkipToken(offset + size));
  return { value, nextLink: `${req.baseUrl}${encodePath(req.path)}?${query.toString()}` };
}
