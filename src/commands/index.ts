import { createHelpCommand } from './help.js';
import { ping } from './ping.js';
import type { Command } from './types.js';
import { whoami } from './whoami.js';

/**
 * Every command ShipShape knows, in help order within each group. Adding a command is one file and
 * one line here.
 */
export const commands: readonly Command[] = [
  createHelpCommand(() => commands),
  whoami,
  ping,
];

export { createCommandRouter, DISPATCH_THRESHOLD, type RouterOptions } from './router.js';
export { defineCommand, verbOf } from './define-command.js';
export { HELP_TRY_VERB, PAGE_MORE_VERB } from './registry.js';
export { COMMAND_GROUPS } from './help.js';
export type * from './types.js';
