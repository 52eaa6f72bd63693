import { commands } from '../../src/commands/index.js';

/**
 * What the command registry says a person should see: each command's title and its example
 * phrasings. Read at run time so that adding a command updates the tests with it.
 */
export interface CommandFacts {
  name: string;
  title: string;
  examples: readonly string[];
}

export function commandFacts(): CommandFacts[] {
  return commands.map((c) => ({ name: c.name, title: c.title, examples: c.examples }));
}
