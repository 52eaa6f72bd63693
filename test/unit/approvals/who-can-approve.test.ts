import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, CommandContext } from '../../../src/commands/types.js';
import type { ChangeTargets } from '../../../src/domain/approvals/index.js';
import { createAuditLog } from '../../../src/domain/audit/index.js';
import { grants, type AccessPort, type ActionHolders, type WhoAmI } from '../../../src/domain/identity.js';
import { context } from '../commands/support/context.js';
import { assignRequest, CONVERSATION, harness, memoryStore, people, SCOPE } from './support/fakes.js';

/** "who can approve this" answers from the request and Azure's role assignments, never from the audit log. */

const POLICY_WRITE = 'Microsoft.Authorization/policyAssignments/write';
const ROLES = [
  { roleName: 'Owner', permissions: [{ actions: ['*'], notActions: [] }] },
  { roleName: 'Contributor', permissions: [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] }] },
  { roleName: 'Resource Policy Contributor', permissions: [{ actions: ['Microsoft.Authorization/policyassignments/*', 'Microsoft.Resources/deployments/*'], notActions: [] }] },
  { roleName: 'Reader', permissions: [{ actions: ['*/read'], notActions: [] }] },
];

class RolesAccess implements AccessPort {
  asked: { action: string; scope: string }[] = [];
  async whoami(): Promise<WhoAmI> {
    return {
      objectId: people.priya.objectId, displayName: people.priya.name, tenantId: 't', subscriptions: [],
      roleAssignments: [{ roleName: 'Reader', roleDefinitionId: 'r', scope: SCOPE, scopeKind: 'resourceGroup', scopeLabel: 'rg-dev-sandbox', viaGroup: false }],
    };
  }
  async holdersOf(_user: unknown, action: string, scope: string): Promise<ActionHolders> {
    this.asked.push({ action, scope });
    const roles = ROLES.filter((r) => grants(r.permissions, action)).map((r) => r.roleName);
    return {
      roles,
      holders: [
        { roleName: 'Resource Policy Contributor', principalId: people.mei.objectId, principalType: 'User', scope: SCOPE },
        { roleName: 'Owner', principalId: people.diego.objectId, principalType: 'User', scope: SCOPE },
      ].filter((h) => roles.includes(h.roleName)),
    };
  }
}

const noTargets = {} as ChangeTargets;

async function setup(): Promise<{ ctx: CommandContext; access: RolesAccess; auditReads: () => number }> {
  const h = harness();
  await h.service.request(assignRequest(), people.diego, CONVERSATION);
  const access = new RolesAccess();
  const base = context({ access });
  const audit = createAuditLog(memoryStore());
  let reads = 0;
  const watched = { ...audit, query: (...args: Parameters<typeof audit.query>) => { reads++; return audit.query(...args); } };
  const ctx = { ...base, conversation: { ...base.conversation, id: CONVERSATION }, services: { ...base.services, act: { approvals: h.service, targets: noTargets, audit: watched, drafts: { save: async () => 'd', load: async () => undefined } } } };
  return { ctx, access, auditReads: () => reads };
}

describe('who can approve', () => {
  test('Azure grants by actions minus notActions, with wildcards, case-insensitively', () => {
    expect(ROLES.filter((r) => grants(r.permissions, POLICY_WRITE)).map((r) => r.roleName)).toEqual(['Owner', 'Resource Policy Contributor']);
  });

  test('"who can approve this?" names the permission, the roles and their holders, and leaves the audit log alone', async () => {
    const { ctx, access, auditReads } = await setup();
    const reply = (await createCommandRouter(commands).handleText('who can approve this?', ctx)) as CardReply;
    const text = String(reply.data.text);
    expect(access.asked).toEqual([{ action: POLICY_WRITE, scope: SCOPE }]);
    expect(text).toContain(POLICY_WRITE);
    expect(text).toContain('Roles that grant it there: Owner, Resource Policy Contributor.');
    expect(text).toContain(people.mei.objectId);
    // The requester cannot approve their own request, so is not offered.
    expect(text).not.toContain(people.diego.objectId);
    expect(auditReads()).toBe(0);
  });

  test('"why can\'t I approve" says what the asker holds and lacks', async () => {
    const { ctx } = await setup();
    const reply = (await createCommandRouter(commands).handleText("why can't I approve this", ctx)) as CardReply;
    expect(String(reply.data.text)).toContain(`Why you can't: You hold Reader on rg-dev-sandbox, and none of it grants ${POLICY_WRITE}.`);
  });
});
