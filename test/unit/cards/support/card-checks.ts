import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../fixtures');
export const CARDS_DIR = path.resolve(here, '../../../../cards');

let validator: ValidateFunction | undefined;

/** The Adaptive Card 1.5 schema (draft-06) as ajv wants it: `id` renamed to `$id`. */
export function cardSchemaValidator(): ValidateFunction {
  if (validator) return validator;
  const file = path.join(FIXTURES, 'contracts/adaptivecards/schemas_1.5.0_adaptive-card.json');
  const { id, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as { id?: string } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  validator = ajv.compile({ ...schema, $id: id });
  return validator;
}

type Node = Record<string, unknown>;

/** Every object in a card, depth first, with the key it hangs under. */
export function* walk(node: unknown, key = ''): Generator<{ node: Node; key: string }> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item, key);
  } else if (node !== null && typeof node === 'object') {
    yield { node: node as Node, key };
    for (const [k, v] of Object.entries(node)) yield* walk(v, k);
  }
}

/** House rules the schema cannot express; returns the problems found, empty when the card is fine. */
export function houseRuleProblems(card: unknown, knownVerbs: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push('unexpanded template expression');
  if (Buffer.byteLength(json) >= 28 * 1024) problems.push(`card is ${Buffer.byteLength(json)} bytes`);
  const top = card as Node;
  if (Array.isArray(top.actions) && top.actions.length > 6) problems.push(`${top.actions.length} card actions (6 at most)`);
  for (const { node } of walk(card)) {
    if (node.type === 'TextBlock' && node.wrap !== true) problems.push(`TextBlock without wrap: ${String(node.text)}`);
    if (node.type === 'Action.Execute') {
      const verb = String(node.verb);
      if (!knownVerbs.has(verb)) problems.push(`unknown verb ${verb}`);
      const data = (node.data ?? {}) as Node;
      const notIds = Object.values(data).filter((v) => typeof v !== 'string' && typeof v !== 'number');
      if (notIds.length > 0) problems.push(`verb ${verb} carries more than ids`);
      const fallback = node.fallback as Node | undefined;
      if (fallback?.type !== 'Action.Submit') problems.push(`verb ${verb} has no Action.Submit fallback`);
    }
    if (node.type === 'Action.OpenUrl' && !String(node.url).startsWith('https://')) problems.push(`link is not https: ${String(node.url)}`);
    problems.push(...readabilityProblems(node));
  }
  return problems;
}

/** Count nouns that must agree with a count of one. */
const PLURAL_AFTER_ONE = /(^|[^\d.,/])1 (entries|findings|images|registries|subscriptions|resources|policies|assignments|clusters|workloads|places|days|hours|tags|containers|approvals|changes|digests|people|groups|checks|rows|repositories|vulnerabilities|CVEs)\b/;
/**
 * Colours for a badge, never a sentence: yellow and light text are unreadable on a white card (Teams'
 * light theme), and a paragraph in red reads as an alarm rather than as text.
 */
const BADGE_ONLY = new Set(['warning', 'light', 'attention']);

/**
 * The mechanical part of "cards people read": counts agree with their nouns, colour marks a badge
 * and never a sentence, and an item's actions have at most one primary button.
 */
function readabilityProblems(node: Node): string[] {
  const problems: string[] = [];
  if (node.type === 'TextBlock' && typeof node.text === 'string') {
    if (PLURAL_AFTER_ONE.test(node.text)) problems.push(`count and noun disagree: ${node.text}`);
    if (/^([A-Z][\w.'-]+(?: [A-Z][\w.'-]+)+): \1\b/.test(node.text)) problems.push(`name said twice: ${node.text}`);
  }
  if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string') {
    const color = typeof node.color === 'string' ? node.color.toLowerCase() : '';
    // Counts and separators ("2 critical · 1 high") make a badge, not a sentence: only words with letters count.
    const words = node.text.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
    if (BADGE_ONLY.has(color) && words > 4) problems.push(`a sentence in ${color}: ${node.text}`);
  }
  if (node.type === 'ActionSet' && Array.isArray(node.actions)) {
    const primary = (node.actions as Node[]).filter((a) => a.mode !== 'secondary');
    if (primary.length > 1) problems.push(`${primary.length} primary buttons on one item: ${primary.map((a) => String(a.title)).join(', ')}`);
  }
  return problems;
}
