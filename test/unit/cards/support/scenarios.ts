import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commands, createCommandRouter } from '../../../../src/commands/index.js';
import type { Reply } from '../../../../src/commands/types.js';
import type { WhoAmI } from '../../../../src/domain/identity.js';
import { FakeAccessPort, NO_ACCESS, context } from '../../commands/support/context.js';
import { APPROVAL_SCENARIOS } from '../../approvals/support/card-scenarios.js';
import { DIGEST_SCENARIOS } from '../../digest/card-scenarios.js';
import { FINDINGS_SCENARIOS } from '../../findings/support/card-scenarios.js';
import { GUARDRAILS_SCENARIOS } from '../../guardrails/support/card-scenarios.js';
import { POSTURE_SCENARIOS } from '../../posture/card-scenarios.js';
import { FIXTURES } from './card-checks.js';

export const TENANT = '72f988bf-0000-4000-8000-00000000c0de';

export function persona(name: string): WhoAmI {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'cards', `whoami-${name}.fixture.json`), 'utf8')) as WhoAmI;
}

/** Someone with a role on each of `count` resource groups, to make whoami's list long. */
export function manyScopes(count: number, labelLength = 0): WhoAmI {
  const sub = '1d6e3a2b-7c4f-4e5d-9a8b-000000000003';
  return {
    ...NO_ACCESS,
    displayName: 'Dana Many',
    subscriptions: [{ id: sub, displayName: 'Contoso Dev', tags: { env: 'dev' } }],
    roleAssignments: Array.from({ length: count }, (_, i) => {
      const name = `rg-${String(i + 1).padStart(3, '0')}${'x'.repeat(labelLength)}`;
      return {
        roleName: 'Reader',
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        scope: `/subscriptions/${sub}/resourceGroups/${name}`,
        scopeKind: 'resourceGroup' as const,
        scopeLabel: name,
        viaGroup: i % 2 === 1,
      };
    }),
  };
}

async function say(text: string, options: Parameters<typeof context>[0] = {}): Promise<Reply> {
  return createCommandRouter(commands).handleText(text, context(options));
}

/** Replies from the real commands (with fakes behind them), plus error and text replies as the bot builds them. */
export const REPLY_SCENARIOS: Readonly<Record<string, () => Promise<Reply>>> = {
  'help-personal': () => say('help'),
  'help-channel': () => say('<at>ShipShape</at> help', { type: 'channel' }),
  'whoami-priya': () => say('whoami', { access: new FakeAccessPort(persona('priya')) }),
  'whoami-mei': () => say('who am i', { access: new FakeAccessPort(persona('mei')), type: 'groupChat' }),
  'whoami-diego': () => say('my access', { access: new FakeAccessPort(persona('diego')) }),
  'whoami-sam': () => say('whoami', { access: new FakeAccessPort(NO_ACCESS) }),
  'whoami-paged': () => say('whoami', { access: new FakeAccessPort(manyScopes(20)) }),
  ping: () => say('ping', { type: 'groupChat' }),
  suggestions: () => say('frobnicate the turbo encabulator in prod'),
  'suggestions-corrected': () => say('whta is the wether in prodution'),
  'working-acknowledged': async () => createCommandRouter(commands).acknowledge('<at>ShipShape</at> who am i', context()),
  'working-question': async () => ({ kind: 'card', template: 'working', data: { question: 'whoami' }, summary: 'Working on it…' }),
  'error-user': async () => ({
    kind: 'card',
    template: 'error',
    data: { message: 'Your account is not known to the tenant.', hint: 'Ask your Azure administrator to add you.', reason: 'unknown-user' },
    summary: 'Your account is not known to the tenant.',
  }),
  'error-user-no-hint': async () => ({
    kind: 'card',
    template: 'error',
    data: { message: 'That list has expired.', hint: '', reason: 'page-expired' },
    summary: 'That list has expired.',
  }),
  'error-internal': async () => ({
    kind: 'card',
    template: 'error',
    data: {
      message: 'Something went wrong (ref 7f3a).',
      hint: 'Try again; if it keeps failing, give this reference to your ShipShape administrator.',
      reason: 'internal',
      ref: '7f3a',
    },
    summary: 'Something went wrong (ref 7f3a).',
  }),
  text: async () => ({ kind: 'text', text: 'That message is too long; ShipShape understands questions of up to 2,000 characters.' }),
  ...FINDINGS_SCENARIOS,
  ...POSTURE_SCENARIOS,
  ...DIGEST_SCENARIOS,
  ...APPROVAL_SCENARIOS,
  ...GUARDRAILS_SCENARIOS,
};
