import type { CommandContext, ConversationInfo } from '../../../../src/commands/types.js';
import type { AccessPort, UserIdentity, WhoAmI } from '../../../../src/domain/identity.js';

export const FIXED_NOW = new Date('2025-06-15T10:00:00.000Z');

/** An AccessPort answering from a fixture, remembering who asked. */
export class FakeAccessPort implements AccessPort {
  readonly asked: UserIdentity[] = [];
  constructor(private readonly answer: WhoAmI | Error) {}
  async whoami(user: UserIdentity): Promise<WhoAmI> {
    this.asked.push(user);
    if (this.answer instanceof Error) throw this.answer;
    return structuredClone(this.answer);
  }
}

export const NO_ACCESS: WhoAmI = {
  objectId: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05',
  displayName: 'Sam Okafor',
  userPrincipalName: 'sam@contoso.example',
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  subscriptions: [],
  roleAssignments: [],
};

export function conversation(type: ConversationInfo['type'] = 'personal'): ConversationInfo {
  return { id: `conv-${type}`, type, tenantId: '72f988bf-0000-4000-8000-00000000c0de' };
}

export function context(options: { access?: AccessPort; type?: ConversationInfo['type'] } = {}): CommandContext {
  return {
    user: { channelUserId: '29:priya', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', name: 'Priya Raman' },
    conversation: conversation(options.type),
    services: { access: options.access ?? new FakeAccessPort(NO_ACCESS) },
    now: () => FIXED_NOW,
    botVersion: '0.1.0',
  };
}
