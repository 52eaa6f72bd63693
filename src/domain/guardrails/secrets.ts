/**
 * What a credential looks like, by the name of an environment variable and by its value. Values are
 * judged where they are read (src/azure) and dropped there; only the verdict travels on.
 */

/** Name parts that mean the variable holds a credential. */
const SECRET_PARTS: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'apikey', 'credential', 'credentials',
  'creds', 'connectionstring', 'connstr', 'dsn', 'sas', 'privatekey', 'signingkey', 'clientsecret', 'accesskey',
]);
/** "key" is a credential in API_KEY or ACCOUNT_KEY, but not in KEY_VAULT_NAME or PARTITION_KEY. */
const KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  'api', 'access', 'account', 'secret', 'private', 'signing', 'shared', 'master', 'primary', 'secondary', 'encryption', 'subscription',
  'license', 'auth', 'client', 'storage', 'ssh', 'app', 'service', 'instrumentation', 'webhook', 'hmac', 'jwt',
]);
/** A last part that says the variable names or points at a credential instead of holding one. */
const REFERENCE_SUFFIXES: ReadonlySet<string> = new Set([
  'name', 'names', 'id', 'ids', 'url', 'uri', 'endpoint', 'host', 'path', 'file', 'dir', 'type', 'version', 'ref', 'reference',
  'length', 'expiry', 'expires', 'ttl', 'policy', 'header', 'issuer', 'audience', 'scope', 'enabled', 'required', 'vault', 'store',
]);

/** `DB_PASSWORD`, `dbPassword`, `db.password` and `db-password` all split into `db`, `password`. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((p) => p.length > 0);
}

export function looksLikeSecretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length === 0) return false;
  const last = parts[parts.length - 1] as string;
  if (parts.length > 1 && REFERENCE_SUFFIXES.has(last)) return false;
  const joined = parts.join('');
  if (joined.includes('connectionstring') || joined.includes('apikey') || joined.includes('clientsecret')) return true;
  // Run-together names: PGPASSWORD, MYSQLPWD, PGPASS (but not BYPASS or COMPASS).
  if (/(password|passwd|pwd|secret|token)$/.test(last) || (/pass$/.test(last) && !/(by|com|sur|tres|over|under)pass$/.test(last))) return true;
  return parts.some((part, i) => {
    if (SECRET_PARTS.has(part)) return true;
    if (part !== 'key' && part !== 'keys') return false;
    // "KEY" alone, or after a word that makes it a credential.
    return parts.length === 1 || KEY_QUALIFIERS.has(parts[i - 1] ?? '');
  });
}

/** Shapes of values that are credentials whatever the variable is called. */
const SECRET_VALUE_SHAPES: readonly RegExp[] = [
  // Connection strings with an embedded key or password (Azure Storage, Service Bus, Event Hubs, SQL, Redis).
  /(?:^|;)\s*(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|PrimaryKey)\s*=\s*[^;\s]+/i,
  // Credentials inside a URL: scheme://user:password@host
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i,
  // JSON Web Tokens.
  /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  // Well-known token prefixes: GitHub, Slack, AWS access keys, Stripe, OpenAI-style keys, SAS signatures.
  /^(?:ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}$/,
  /^xox[abprs]-[A-Za-z0-9-]{10,}$/,
  /^(?:AKIA|ASIA)[A-Z0-9]{16}$/,
  /^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}$/,
  /^sk-[A-Za-z0-9_-]{20,}$/,
  /(?:^|[?&])sig=[A-Za-z0-9%+/=]{20,}/,
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Bits per character; random keys score above 4, words and version strings well below. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A long random-looking token (a base64 key, say), as opposed to a GUID, a URL, a path or prose. */
function looksRandom(value: string): boolean {
  if (value.length < 32 || value.length > 4096 || /\s/.test(value) || GUID.test(value)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('/')) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(value)).length;
  return classes >= 2 && entropy(value) >= 4.2;
}

export function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  return SECRET_VALUE_SHAPES.some((shape) => shape.test(v)) || looksRandom(v);
}
