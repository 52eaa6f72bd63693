import { expect } from 'vitest';
import { ADAPTIVE_CARD } from '../../../harness/cards.js';
import type { Json } from '../../../harness/connector.js';
import type { Persona } from '../../../harness/personas.js';
import type { TeamsClient } from '../../../harness/teams-client.js';

/** Reading findings cards the way a person reads them: the severity totals, the image rows, the buttons. */

type Node = Record<string, unknown>;

export function* walk(node: unknown): Generator<Node> {
  if (Array.isArray(node)) for (const item of node) yield* walk(item);
  else if (node !== null && typeof node === 'object') {
    yield node as Node;
    for (const value of Object.values(node)) yield* walk(value);
  }
}

function texts(node: unknown): string[] {
  return [...walk(node)].filter((n) => n.type === 'TextBlock' && typeof n.text === 'string').map((n) => n.text as string);
}

/** The severity totals at the top of a findings card. */
export function summaryCounts(card: Json | undefined): Record<string, number> | undefined {
  for (const node of walk(card)) {
    if (node.type !== 'ColumnSet' || !Array.isArray(node.columns)) continue;
    const cells = (node.columns as Node[]).map((c) => texts(c));
    if (cells.length === 4 && cells.every((c) => ['Critical', 'High', 'Medium', 'Low'].includes(c[1] ?? ''))) {
      return Object.fromEntries(cells.map((c) => [c[1] as string, Number((c[0] ?? '').replace(/,/g, ''))]));
    }
  }
  return undefined;
}

export interface Row {
  name: string;
  /** `registry · env · sha256:xxxxxxxx` */
  where: string;
  critical: number;
  high: number;
  /** The image id its buttons carry. */
  image: string | undefined;
  buttons: string[];
}

/** Image rows: a bold name, a "where" line, "N Critical" / "N High", and the row's buttons. */
export function imageRows(card: Json | undefined): Row[] {
  const rows: Row[] = [];
  for (const node of walk(card)) {
    if (node.type !== 'Container' || !Array.isArray(node.items)) continue;
    const lines = texts(node.items);
    const name = lines.find((t) => /^\*\*.+\*\*$/.test(t));
    const critical = lines.find((t) => /^\d+ Critical$/.test(t));
    const high = lines.find((t) => /^\d+ High$/.test(t));
    if (!name || !critical || !high) continue;
    const actions = [...walk(node.items)].filter((n) => typeof n.type === 'string' && (n.type as string).startsWith('Action.') && typeof n.title === 'string');
    const execute = actions.find((a) => a.type === 'Action.Execute');
    rows.push({
      name: name.slice(2, -2),
      where: lines[lines.indexOf(name) + 1] ?? '',
      critical: Number.parseInt(critical, 10),
      high: Number.parseInt(high, 10),
      image: typeof (execute?.data as Node | undefined)?.image === 'string' ? ((execute?.data as Node).image as string) : undefined,
      buttons: [...new Set(actions.filter((a) => a.type !== 'Action.Submit').map((a) => a.title as string))],
    });
  }
  return rows;
}

export function pageIdOf(card: Json | undefined): string | undefined {
  const more = [...walk(card)].find((n) => n.type === 'Action.Execute' && n.verb === 'page.more');
  const id = (more?.data as Node | undefined)?.pageId;
  return typeof id === 'string' ? id : undefined;
}

/** Every page of a paged answer, following "Show more" as the given person. */
export async function allPages(teams: TeamsClient, first: Json | undefined, as: Persona, limit = 100): Promise<Json[]> {
  const pages: Json[] = first ? [first] : [];
  let pageId = pageIdOf(first);
  while (pageId && pages.length < limit) {
    const response = await teams.click('page.more', { pageId }, { as });
    const card = response.value as Json;
    pages.push(card);
    pageId = pageIdOf(card);
  }
  return pages;
}

/** `contosoprod · prod · sha256:4af8e6f0` → registry name and short digest, to match expectations. */
export function rowIdentity(row: Row): string {
  const [registry = '', , digest = ''] = row.where.split(' · ');
  return `${registry}|${digest}`;
}

/**
 * The complete answer: a partial card (the time budget ran out) is refreshed the way Teams does it
 * when the person looks at it again, until nothing is left loading.
 */
export async function completeCard(teams: TeamsClient, card: Json | undefined, as: Persona, limit = 10): Promise<Json | undefined> {
  let current = card;
  for (let i = 0; i < limit; i++) {
    const action = (current?.refresh as { action?: { verb?: unknown; data?: { queryId?: unknown } } } | undefined)?.action;
    if (typeof action?.verb !== 'string' || typeof action.data?.queryId !== 'string') return current;
    current = (await teams.click(action.verb, { queryId: action.data.queryId }, { as })).value as Json;
  }
  return current;
}

/**
 * Clicks a button and returns what the clicker sees: the answer posted as a new message under the
 * card, or (for a refusal) the card the invoke response puts in place of the clicked one.
 */
export async function clickForMessage(teams: TeamsClient, verb: string, data: Json, as: Persona): Promise<Json> {
  const since = teams.connector.sent.length;
  const response = await teams.click(verb, data, { as });
  expect(response.statusCode).toBe(200);
  if (response.type === ADAPTIVE_CARD) return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, content: response.value }] };
  const entry = await teams.connector.waitFor((e) => (e.kind === 'send' || e.kind === 'reply') && e.activity.type === 'message', { since, timeoutMs: 15_000 });
  return entry.activity;
}
