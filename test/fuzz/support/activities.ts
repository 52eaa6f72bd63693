import fc from 'fast-check';
import { commands } from '../../../src/commands/index.js';
import { invoke, message, type Scope, type TeamsContext } from '../../harness/activities.js';
import type { Json } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { readTenant } from '../../harness/personas.js';
import { SUBSCRIPTIONS } from './arm-paths.js';

/**
 * Card clicks and invokes the way a client could send them: the bot's real verbs with real and
 * made-up ids, verbs it has never had, malformed values, invoke names it does not handle.
 */

const VERBS = ['help.try', 'page.more', ...commands.flatMap((c) => Object.keys(c.actions ?? {}).map((a) => `${c.name}.${a}`))];
const resourceIds = readTenant().resources.map((r) => String(r.id ?? '')).filter((id) => id !== '').slice(0, 200);
const DATA_KEYS = ['pageId', 'command', 'example', 'registryId', 'proposalId', 'approvalId', 'draftId', 'fixId', 'queryId', 'option', 'scope', 'subscriptionId', 'image', 'environment', 'cve'];

const idLike: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...resourceIds, ...SUBSCRIPTIONS, ...commands.map((c) => c.name), 'prod', 'dev', 'CVE-2024-3094') },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '../../etc/passwd', '<script>', 'x'.repeat(5_000), '__proto__', 'constructor') },
);

const data: fc.Arbitrary<Json> = fc.dictionary(fc.oneof(fc.constantFrom(...DATA_KEYS), fc.string({ maxLength: 12 })), idLike, { maxKeys: 4 });

const verb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '.', 'findings.', '.refresh', 'posture.fix.extra', 'PAGE.MORE', 'help.try ') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

export type FuzzActivity = (ctx: TeamsContext) => Json;

const who = fc.constantFrom(...Object.values(personas));
const where = fc.constantFrom<Scope>('personal', 'groupChat', 'channel');

/** `adaptiveCard/action` invokes: well-formed Action.Execute mostly, and every way to get it wrong. */
const cardAction = fc.tuple(who, where, verb, data, fc.constantFrom('Action.Execute', 'Action.Execute', 'Action.Execute', 'Action.Submit', ''), fc.constantFrom('shape', 'shape', 'shape', 'no-action', 'value-string', 'value-null')).map(
  ([as, scope, v, d, type, shape]): FuzzActivity =>
    (ctx) => {
      const action = { type, verb: v, data: d };
      const value = shape === 'no-action' ? { trigger: 'manual' } : shape === 'value-string' ? 'action' : shape === 'value-null' ? null : { action, trigger: 'manual' };
      return invoke(ctx, { name: 'adaptiveCard/action', value, as, in: scope });
    },
);

/** The Action.Submit fallback: a message without text carrying `{ verb, data }`. */
const submit = fc.tuple(who, where, verb, data).map(
  ([as, scope, v, d]): FuzzActivity =>
    (ctx) => ({ ...message(ctx, { text: '', as, in: scope, mention: false }), text: undefined, value: { verb: v, data: d } }),
);

/** Invokes ShipShape does not implement, or with names a client should never send. */
const otherInvoke = fc.tuple(who, where, fc.oneof(fc.constantFrom('composeExtension/query', 'task/fetch', 'signin/verifyState', 'signin/tokenExchange', 'fileConsent/invoke', 'actionableMessage/executeAction', 'healthCheck'), fc.string({ maxLength: 30 })), fc.jsonValue({ maxDepth: 3 })).map(
  ([as, scope, name, value]): FuzzActivity =>
    (ctx) => invoke(ctx, { name, value, as, in: scope }),
);

export const fuzzActivity: fc.Arbitrary<FuzzActivity> = fc.oneof({ weight: 6, arbitrary: cardAction }, { weight: 2, arbitrary: submit }, { weight: 2, arbitrary: otherInvoke });

export { VERBS };
