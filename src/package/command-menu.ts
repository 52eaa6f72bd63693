import { COMMAND_GROUPS, DISPATCH_THRESHOLD } from '../commands/index.js';
import type { Command } from '../commands/types.js';
import { parse } from '../domain/language/index.js';

/** One entry of the Teams command menu (`bots[].commandLists[].commands[]`). */
export interface MenuCommand {
  title: string;
  description: string;
}

/**
 * Teams inserts a menu entry's title into the compose box as if typed, so the title must be words
 * the router sends to that command. Teams' documentation caps titles at 32 characters and
 * descriptions at 128, stricter than the schema; the stricter limits keep every client happy.
 */
export const MENU_TITLE_MAX = 32;
export const MENU_DESCRIPTION_MAX = 128;

/** The command the router would dispatch `text` to, with the router's own tie rule (earlier wins). */
export function dispatchedCommand(commands: readonly Command[], text: string): Command | undefined {
  const parsed = parse(text, { now: new Date(0) });
  let best: { command: Command; score: number } | undefined;
  for (const command of commands) {
    const raw = command.match(parsed);
    const score = Number.isFinite(raw) ? Math.max(0, Math.min(1, raw)) : 0;
    if (!best || score > best.score) best = { command, score };
  }
  return best && best.score >= DISPATCH_THRESHOLD ? best.command : undefined;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * The shortest phrasing (an example, the name or the title) that fits and routes back to the command.
 * Commands that need an argument (an image, a CVE) may have none: their menu entry is the command's
 * title, which must then route nowhere (the user gets that command's examples as suggestions) rather
 * than to another command, and the description shows an example.
 */
function menuEntry(commands: readonly Command[], command: Command): MenuCommand {
  const favourite = MENU_FAVOURITES.find((f) => f.command === command.name);
  if (favourite && favourite.title.length <= MENU_TITLE_MAX && dispatchedCommand(commands, favourite.title) === command) {
    return { title: favourite.title, description: shorten(command.description, MENU_DESCRIPTION_MAX) };
  }
  const candidates = [...command.examples, command.name.replace(/-/g, ' '), command.title]
    .filter((text) => text.length <= MENU_TITLE_MAX)
    .sort((a, b) => a.length - b.length);
  const title = candidates.find((text) => dispatchedCommand(commands, text) === command);
  if (title !== undefined) return { title, description: shorten(command.description, MENU_DESCRIPTION_MAX) };
  const other = dispatchedCommand(commands, command.title);
  if (command.title.length > MENU_TITLE_MAX || other !== undefined) {
    throw new Error(`Command "${command.name}" needs an example of ${MENU_TITLE_MAX} characters or fewer that the router sends back to it.`);
  }
  const hint = ` For example: “${command.examples[0] ?? ''}”`;
  const description = hint.length < MENU_DESCRIPTION_MAX / 2 ? `${shorten(command.description, MENU_DESCRIPTION_MAX - hint.length)}${hint}` : command.description;
  return { title: command.title, description: shorten(description, MENU_DESCRIPTION_MAX) };
}

/** Commands in help order: by group as help lists them, registry order within a group. */
export function helpOrder(commands: readonly Command[]): Command[] {
  return COMMAND_GROUPS.flatMap((group) => commands.filter((c) => c.group === group.id));
}

/**
 * What people ask most, in the words they type (lower case, as a question or a short phrase, so every
 * entry reads the same way); each must route to its command, or the entry falls back to an example.
 */
export const MENU_FAVOURITES: readonly { command: string; title: string }[] = [
  { command: 'findings', title: 'critical findings' },
  { command: 'fix-first', title: 'what should we fix first' },
  { command: 'where-running', title: 'where vulnerable images run' },
  { command: 'posture', title: 'registry posture' },
  { command: 'compliance', title: 'policy compliance' },
  { command: 'approval', title: 'pending approvals' },
  { command: 'exposed-workloads', title: 'exposed containers' },
  { command: 'audit-log', title: 'audit log' },
  { command: 'digest-subscribe', title: 'subscribe to a digest' },
  { command: 'digest-settings', title: 'digest settings' },
  { command: 'whoami', title: 'who am i' },
];

/**
 * Which commands the menu holds when there are more than `limit`: help first (it leads to all the
 * others), then one per group (its most asked), then the most asked, then the first of each group,
 * the second of each group, and so on, so that asking, acting, hearing and the basics are all on it.
 */
export function menuSelection(commands: readonly Command[], limit: number): Command[] {
  const chosen = new Set<Command>(commands.filter((c) => c.name === 'help').slice(0, limit));
  const favourites = MENU_FAVOURITES.map((f) => commands.find((c) => c.name === f.command)).filter((c): c is Command => c !== undefined);
  for (const group of COMMAND_GROUPS) {
    const first = favourites.find((c) => c.group === group.id) ?? commands.find((c) => c.group === group.id && !chosen.has(c));
    if (first && chosen.size < limit && ![...chosen].some((c) => c.group === group.id)) chosen.add(first);
  }
  for (const c of favourites) if (chosen.size < limit) chosen.add(c);
  const groups = COMMAND_GROUPS.map((g) => commands.filter((c) => c.group === g.id && !chosen.has(c)));
  for (let round = 0; chosen.size < limit && groups.some((g) => g.length > round); round++) {
    for (const group of groups) {
      const next = group[round];
      if (next && chosen.size < limit) chosen.add(next);
    }
  }
  return helpOrder(commands).filter((c) => chosen.has(c));
}

/**
 * The Teams command menu, generated from the registry so the two cannot drift. `limit` is the
 * schema's maximum; commands beyond it are reported in `left`, never silently dropped.
 */
export function commandMenu(commands: readonly Command[], limit: number): { menu: MenuCommand[]; left: string[] } {
  const selected = menuSelection(commands, limit);
  return {
    menu: selected.map((command) => menuEntry(commands, command)),
    left: helpOrder(commands).filter((c) => !selected.includes(c)).map((c) => c.name),
  };
}
