import { ADAPTIVE_CARD } from '../../../harness/cards.js';
import type { Json } from '../../../harness/connector.js';
import type { Persona } from '../../../harness/personas.js';
import type { TeamsClient } from '../../../harness/teams-client.js';
import type { Mark } from './expected.js';

/** Reading guardrail cards the way a person does: rows, their badges, their lines and buttons. */

type Node = Record<string, unknown>;

function* walk(node: unknown): Generator<Node> {
  if (Array.isArray(node)) for (const item of node) yield* walk(item);
  else if (node !== null && typeof node === 'object') {
    yield node as Node;
    for (const value of Object.values(node)) yield* walk(value);
  }
}

const MARKS: Record<string, Mark> = { '✗': 'fail', '!': 'warn', '?': 'unknown', '✓': 'pass' };
const BADGES: Record<string, string> = {
  Registries: 'registries', Secrets: 'credentials', Privilege: 'privilege', Network: 'network', Images: 'images', Monitoring: 'monitoring', Kubernetes: 'kubernetes',
};

export interface Row {
  name: string;
  /** Guardrail id → mark, for the guardrails that apply. */
  badges: Record<string, Mark>;
  /** Every line of the row, details included. */
  lines: string[];
  /** `fixId`s of the row's fix buttons. */
  fixes: string[];
}

function texts(node: unknown): string[] {
  return [...walk(node)].filter((n) => n.type === 'TextBlock' && typeof n.text === 'string').map((n) => n.text as string);
}

/** Rows of a guardrails card (with badges) or a focus card (without). */
export function rows(card: Json | undefined): Row[] {
  const out: Row[] = [];
  for (const node of walk(card?.body)) {
    if (node.type !== 'Container' || !Array.isArray(node.items)) continue;
    const first = (node.items as Node[])[0];
    const m = typeof first?.text === 'string' ? /^\[([^\]]+)\]\(https:\/\/portal\.azure\.com\/[^)]+\)$/.exec(first.text) : null;
    if (!m) continue;
    const badges: Record<string, Mark> = {};
    for (const run of [...walk(node.items)].filter((n) => n.type === 'TextRun')) {
      const [mark = '', word = ''] = String(run.text).trim().split(/\s+/);
      const id = BADGES[word];
      if (id && MARKS[mark]) badges[id] = MARKS[mark] as Mark;
    }
    const fixes = [...walk(node.items)]
      .filter((n) => n.type === 'Action.Execute' && n.verb === 'guardrails.fix')
      .map((n) => String((n.data as Node).fixId));
    out.push({ name: m[1] as string, badges, lines: texts(node.items), fixes });
  }
  return out;
}

export function cardTitle(card: Json | undefined): string {
  return texts(card?.body)[0] ?? '';
}

export function lineStarting(card: Json | undefined, prefix: string): string | undefined {
  return texts(card?.body).find((t) => t.startsWith(prefix));
}

function pageIdOf(card: Json | undefined): string | undefined {
  const more = [...walk(card)].find((n) => n.type === 'Action.Execute' && n.verb === 'page.more');
  const id = (more?.data as Node | undefined)?.pageId;
  return typeof id === 'string' ? id : undefined;
}

/** Every page of a paged answer, following "Show more" as the given person. */
export async function allPages(teams: TeamsClient, first: Json | undefined, as: Persona): Promise<Json[]> {
  const pages: Json[] = first ? [first] : [];
  let pageId = pageIdOf(first);
  while (pageId && pages.length < 50) {
    const response = await teams.click('page.more', { pageId }, { as });
    const card = response.value as Json;
    pages.push(card);
    pageId = pageIdOf(card);
  }
  return pages;
}

/** Clicks a button; the answer is a new message (or, for a refusal, the card the invoke response carries). */
export async function clickForCard(teams: TeamsClient, verb: string, data: Json, as: Persona): Promise<Json | undefined> {
  const since = teams.connector.sent.length;
  const response = await teams.click(verb, data, { as });
  if (response.type === ADAPTIVE_CARD) return response.value as Json;
  const entry = await teams.connector.waitFor((e) => (e.kind === 'send' || e.kind === 'reply') && e.activity.type === 'message', { since, timeoutMs: 20_000 });
  const attachments = entry.activity.attachments as Json[] | undefined;
  return attachments?.find((a) => a.contentType === ADAPTIVE_CARD)?.content as Json | undefined;
}
