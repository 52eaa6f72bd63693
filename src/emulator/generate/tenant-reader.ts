import { createReadStream } from 'node:fs';
import type { ArmResource } from './tenant-types.js';

/** What {@link readTenantStream} yields: each top-level field but `resources`, then each resource. */
export type TenantStreamItem = { kind: 'field'; key: string; value: unknown } | { kind: 'resource'; resource: ArmResource };

const QUOTE = 34, BACKSLASH = 92, COLON = 58, COMMA = 44;
const OPEN_OBJ = 123, CLOSE_OBJ = 125, OPEN_ARR = 91, CLOSE_ARR = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Reads a tenant file of any size and layout without holding it whole: a small scanner tracks
 * nesting and strings, cuts out each element of the top-level `resources` array and parses it
 * alone. Large generated files (gigabytes) exceed what one `JSON.parse` can take; this does not.
 */
export async function* readTenantStream(file: string): AsyncGenerator<TenantStreamItem> {
  let buf = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let key: string | undefined;
  let keyStart = -1;
  let awaitingValue = false;
  let valueStart = -1;
  let inResources = false;
  let elementStart = -1;

  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 4 * 1024 * 1024 })) {
    const scanFrom = buf.length;
    buf += chunk as string;
    const items: TenantStreamItem[] = [];
    for (let i = scanFrom; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (keyStart >= 0 && depth === 1) {
            key = JSON.parse(buf.slice(keyStart, i + 1)) as string;
            keyStart = -1;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (depth === 1 && awaitingValue) {
        awaitingValue = false;
        if (key === 'resources' && c === OPEN_ARR) {
          inResources = true;
          depth = 2;
          continue;
        }
        valueStart = i;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === 1 && valueStart < 0) keyStart = i;
      } else if (c === COLON && depth === 1) {
        awaitingValue = true;
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (inResources && depth === 2) elementStart = i;
        depth++;
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        depth--;
        if (inResources && depth === 2 && elementStart >= 0) {
          items.push({ kind: 'resource', resource: JSON.parse(buf.slice(elementStart, i + 1)) as ArmResource });
          elementStart = -1;
        } else if (inResources && depth === 1) {
          inResources = false;
        } else if (depth === 1 && valueStart >= 0) {
          items.push({ kind: 'field', key: key ?? '', value: JSON.parse(buf.slice(valueStart, i + 1)) });
          valueStart = -1;
        } else if (depth === 0 && valueStart >= 0) {
          // A primitive value closed by the end of the top-level object.
          items.push({ kind: 'field', key: key ?? '', value: JSON.parse(buf.slice(valueStart, i).trim()) });
          valueStart = -1;
        }
      } else if (c === COMMA && depth === 1 && valueStart >= 0) {
        items.push({ kind: 'field', key: key ?? '', value: JSON.parse(buf.slice(valueStart, i).trim()) });
        valueStart = -1;
      }
    }
    // Keep only the unfinished part (an open key, value or element) for the next chunk.
    const starts = [keyStart, valueStart, elementStart].filter((s) => s >= 0);
    const keepFrom = starts.length > 0 ? Math.min(...starts) : buf.length;
    if (keyStart >= 0) keyStart -= keepFrom;
    if (valueStart >= 0) valueStart -= keepFrom;
    if (elementStart >= 0) elementStart -= keepFrom;
    buf = buf.slice(keepFrom);
    yield* items;
  }
  if (depth !== 0 || inString) throw new SyntaxError(`${file}: unexpected end of tenant file`);
}
