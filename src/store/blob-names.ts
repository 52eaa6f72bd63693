/**
 * Blob names for store items: `{namespace}/{escaped key}`. Keys are escaped one character at a
 * time (letters, digits, `-` and `_` kept, everything else as `~XX` UTF-8 bytes), so a key prefix
 * escapes to a blob-name prefix and listing by prefix stays a single server-side query. No name
 * ends in `.` or `/`, and none holds a character that some tools rewrite (such as `\`).
 */

const KEEP = /[A-Za-z0-9_-]/;

export function escapeKey(key: string): string {
  let out = '';
  for (const char of key) {
    if (KEEP.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function unescapeKey(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const char = escaped[i] as string;
    if (char === '~') {
      bytes.push(Number.parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function blobName(namespace: string, key: string): string {
  return `${namespace}/${escapeKey(key)}`;
}

/** Where the store writes its format marker; namespaces cannot start with `_`, so it never collides. */
export const FORMAT_BLOB = '_shipshape/format';

/**
 * Compares keys the way SQLite's BINARY collation does (UTF-8 bytes), so both stores list in the
 * same order even for keys outside ASCII.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
