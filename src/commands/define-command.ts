import type { Command, CommandSpec } from './types.js';

const NAME = /^[a-z][a-z0-9-]{1,31}$/;
const ACTION = /^[a-z][a-zA-Z0-9-]{0,31}$/;

/**
 * A command is a value: its phrasings, its handler and its card verbs in one place. Mistakes that
 * would only show up in a conversation (a bad name, no examples) fail here, at start-up.
 */
export function defineCommand(spec: CommandSpec): Command {
  if (!NAME.test(spec.name)) throw new Error(`Command name "${spec.name}" must be lower-case letters, digits or dashes.`);
  if (spec.title.trim() === '' || spec.description.trim() === '') throw new Error(`Command "${spec.name}" needs a title and a description.`);
  if (spec.examples.length === 0) throw new Error(`Command "${spec.name}" needs at least one example.`);
  for (const action of Object.keys(spec.actions ?? {})) {
    if (!ACTION.test(action)) throw new Error(`Command "${spec.name}" has an invalid action name "${action}".`);
  }
  return Object.freeze({ ...spec, examples: Object.freeze([...spec.examples]) });
}

/** The full card verb of a command's action: `approval` + `approve` → `approval.approve`. */
export function verbOf(command: Pick<Command, 'name'>, action: string): string {
  return `${command.name}.${action}`;
}
