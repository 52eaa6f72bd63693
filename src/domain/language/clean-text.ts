/**
 * Teams delivers what people typed wrapped in markup: `<at>ShipShape</at>` for mentions, HTML
 * entities, sometimes `<p>` or `<br>`. Word, Outlook and phones also "improve" what was typed:
 * CVE‐2024‐3094 with a Unicode hyphen, “smart” quotes, non-breaking and zero-width spaces, full-width
 * letters from East Asian keyboards. The parser wants plain words with the original case kept
 * (registry and subscription names are shown back as typed).
 */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '-',
  mdash: '-',
  minus: '-',
  hyphen: '-',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '“',
  raquo: '”',
  hellip: '...',
  shy: '',
  zwsp: '',
  zwj: '',
  zwnj: '',
};

/** Every dash and hyphen Unicode has that people mean as "-". */
const DASHES = /[\u2010-\u2015\u2212\u2043\ufe58\ufe63\ufe31\ufe32\u2e3a\u2e3b\u058a\u05be\u1806]/g;
/** Characters that take up no room: they only split words that were typed whole. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;
/** Other double quotes read like the curly ones the reason reader knows. */
const OPEN_QUOTES = /[«„‟〝]/g;
const CLOSE_QUOTES = /[»〞〟]/g;
const PRIMES = /[′‵]/g;
const DOUBLE_PRIMES = /[″‶]/g;

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    // Control characters and invalid code points say nothing a person typed.
    if (!Number.isInteger(code) || code < 32 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
}

export function cleanText(raw: string): string {
  return (
    raw
      .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
      .replace(/<[^>]{1,200}>/g, ' ')
      .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (entity, body: string) => decodeEntity(entity, body))
      // Curly apostrophes inside words ("don’t") become straight (before NFKC, which splits ´ in two) so contractions read the same.
      .replace(/(?<=\w)[’‘`´](?=\w)/g, "'")
      // Full-width letters, digits and punctuation (ＣＶＥ－２０２４) and ligatures become their plain forms.
      .normalize('NFKC')
      .replace(DASHES, '-')
      .replace(INVISIBLE, '')
      .replace(OPEN_QUOTES, '“')
      .replace(CLOSE_QUOTES, '”')
      .replace(PRIMES, "'")
      .replace(DOUBLE_PRIMES, '"')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
