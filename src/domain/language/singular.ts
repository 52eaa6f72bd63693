// Plurals the rules below would get wrong ("skus" ends in -us like "status").
const IRREGULAR_PLURALS: Readonly<Record<string, string>> = { skus: 'sku', cpus: 'cpu', gpus: 'gpu', statuses: 'status', aliases: 'alias' };

/**
 * English plural to singular, only as far as ShipShape's words need it ("registries", "findings",
 * "caches"); words ending in -ss, -us or -is are left alone ("access", "status", "analysis").
 */
export function singular(word: string): string {
  const irregular = IRREGULAR_PLURALS[word];
  if (irregular) return irregular;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
