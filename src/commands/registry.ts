import { verbOf } from './define-command.js';
import type { ActionHandler, Command } from './types.js';

/** Verbs the router and the card renderer answer themselves; commands cannot take them. */
export const HELP_TRY_VERB = 'help.try';
export const PAGE_MORE_VERB = 'page.more';
const RESERVED_VERBS: ReadonlySet<string> = new Set([HELP_TRY_VERB, PAGE_MORE_VERB]);
const RESERVED_NAMES: ReadonlySet<string> = new Set(['page']);

export interface CommandRegistry {
  readonly commands: readonly Command[];
  byName(name: string): Command | undefined;
  handler(verb: string): ActionHandler | undefined;
}

/** Checks the command list once: duplicate names or verbs are a start-up error, not a surprise later. */
export function createRegistry(commands: readonly Command[]): CommandRegistry {
  const names = new Map<string, Command>();
  const verbs = new Map<string, ActionHandler>();
  for (const command of commands) {
    if (RESERVED_NAMES.has(command.name)) throw new Error(`Command name "${command.name}" is reserved.`);
    if (names.has(command.name)) throw new Error(`Two commands are named "${command.name}".`);
    names.set(command.name, command);
    for (const [action, handler] of Object.entries(command.actions ?? {})) {
      const verb = verbOf(command, action);
      if (RESERVED_VERBS.has(verb)) throw new Error(`Card verb "${verb}" is reserved.`);
      if (verbs.has(verb)) throw new Error(`Card verb "${verb}" is defined twice.`);
      verbs.set(verb, handler);
    }
  }
  return {
    commands: Object.freeze([...commands]),
    byName: (name) => names.get(name),
    handler: (verb) => verbs.get(verb),
  };
}
