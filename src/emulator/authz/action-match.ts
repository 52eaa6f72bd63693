import type { PermissionBlock } from './builtin-roles.js';

/**
 * ARM's action matching: case-insensitive, `*` stands for any run of characters including `/`
 * (`Microsoft.Authorization/*\/Write` covers `Microsoft.Authorization/roleAssignments/write`).
 */
const compiled = new Map<string, RegExp>();

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 'i');
    compiled.set(pattern, re);
  }
  return re.test(action);
}

/**
 * Whether one permission block grants `action`: some `actions` entry matches and no `notActions`
 * entry does (`notActions` subtract from that block only, as in ARM). Data actions are matched
 * the same way against `dataActions`/`notDataActions`.
 */
export function blockAllows(block: PermissionBlock, action: string): boolean {
  const grant = (allow: readonly string[], deny: readonly string[]): boolean =>
    allow.some((p) => actionMatches(p, action)) && !deny.some((p) => actionMatches(p, action));
  return grant(block.actions, block.notActions) || grant(block.dataActions, block.notDataActions);
}
