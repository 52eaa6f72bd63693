/**
 * Teams delivers what people typed wrapped in markup: `<at>ShipShape</at>` for mentions, HTML
 * entities, sometimes `<p>` or `<br>`. The parser wants the words only, with the original case kept
 * (registry and subscription names are shown back as typed).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

export function cleanText(raw: string): string {
  return (
    raw
      .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
      .replace(/<[^>]{1,200}>/g, ' ')
      .replace(/&(?:nbsp|amp|lt|gt|quot|#39|apos);/gi, (e) => ENTITIES[e.toLowerCase()] ?? ' ')
      // Curly apostrophes inside words ("don’t") become straight so contractions read the same.
      .replace(/(?<=\w)[’‘](?=\w)/g, "'")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
