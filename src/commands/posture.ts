import { UserError } from '../domain/errors.js';
import type { ParsedText } from '../domain/language/index.js';
import { assessRegistry, registryNames, scopeQueryOf, selectRegistries, summarizePosture, withNamedRegistry, type RegistryListing } from '../domain/posture/index.js';
import { defineCommand } from './define-command.js';
import { hasPhrase, hasWord, isQuestion, mentions } from './match.js';
import { fixReply, postureServices, saveProposals } from './posture-fix.js';
import { checklistReply, summaryReply } from './posture-view.js';
import { focusedRegistries, postureFocusOf } from './posture-focus.js';
import { environmentLimits, withLimits } from './scope-limits.js';
import type { CommandContext, Reply } from './types.js';
import { understood } from './understood.js';

/**
 * "audit registries in prod", "is myregistry hardened?": a checklist per registry read from its ARM
 * properties, or, for many registries, how many pass each check with the worst first.
 */

const POSTURE_WORDS = ['posture', 'hardened', 'harden', 'hardening', 'checklist', 'baseline', 'lockdown'];
/** The registry settings the checklist reads, as people name them. */
const REGISTRY_SETTINGS = [
  'customer managed key', 'customer managed keys', 'cmk', 'encryption', 'encrypted', 'private link', 'private endpoint', 'private endpoints',
  'data endpoint', 'data endpoints', 'anonymous pull', 'anonymous', 'admin user', 'admin account', 'content trust', 'signed images', 'quarantine',
  'retention', 'export', 'public network access', 'public access', 'public network', 'firewall', 'network rules', 'premium', 'sku', 'arm audience',
];
const ELSEWHERE = ['compliance', 'compliant', 'noncompliant', 'violate', 'violates', 'violating', 'violation', 'assigned', 'assignment', 'log', 'finding', 'image', 'cve'];

function noAccessReply(): Reply {
  return {
    kind: 'text',
    text: 'You can’t read any Azure subscription, so there are no registries I could check for you. Ask an owner of the subscriptions you look after for the Reader role.',
  };
}

async function run(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const { posture } = postureServices(ctx);
  const listing = await posture.registries(ctx.user, scopeQueryOf(parsed));
  if (listing.scope.readable.length === 0) return noAccessReply();
  const readable = listing.scope.readable.map((sub) => ({ name: sub.displayName, environment: sub.environment }));
  return withLimits(await answer(ctx, parsed, listing), environmentLimits(readable, parsed.entities.environments));
}

async function answer(ctx: CommandContext, parsed: ParsedText, listing: RegistryListing): Promise<Reply> {
  const { posture } = postureServices(ctx);
  const selected = selectRegistries(listing.registries, parsed);
  const named = registryNames(parsed).names.length > 0 && selected.length === 1 ? selected[0]?.name : undefined;
  // The card's title already says "Registry posture": the subtitle says what was understood and searched.
  const said = understood('', withNamedRegistry(parsed, named));
  if (selected.length === 0) {
    const envs = parsed.entities.environments;
    const where = envs.length > 0 ? ` tagged ${envs.join(' or ')}` : '';
    return { kind: 'text', text: `No registries${where} in the ${listing.scope.searched.length} subscription${listing.scope.searched.length === 1 ? '' : 's'} you can read (${listing.registries.length} registries in total).` };
  }
  if (selected.length === 1) {
    const one = assessRegistry(selected[0] as (typeof selected)[number]);
    return checklistReply(ctx, one, await saveProposals(ctx, one, posture.apiVersion), said);
  }
  const subscriptions = new Set(selected.map((r) => r.subscriptionId.toLowerCase())).size;
  const assessed = selected.map(assessRegistry);
  // "which registries have admin user enabled": those registries, not every check of every registry.
  const focus = postureFocusOf(parsed);
  if (focus) {
    const matching = focusedRegistries(assessed, focus);
    const header = `Only ${focus.label}: ${matching.length} of ${assessed.length}`;
    if (matching.length === 0) return { kind: 'text', text: `None of the ${assessed.length} registries you can read${said === '' ? '' : ` (${said})`} are ${focus.label.replace(/^registries /, '')}.` };
    return summaryReply(ctx, summarizePosture(matching), listing.scope, subscriptions, [header, said].filter((s) => s !== '').join(' · '));
  }
  return summaryReply(ctx, summarizePosture(assessed), listing.scope, subscriptions, said);
}

export const posture = defineCommand({
  name: 'posture',
  title: 'Registry posture',
  description: 'A security checklist per container registry: keys, network, sign-in, content policies and SKU, each with the policy that enforces it.',
  group: 'ask',
  examples: ['audit registries in prod', 'is myregistry hardened?', 'registry posture in dev', 'how secure are our registries'],
  match(parsed) {
    if (hasWord(parsed, ...ELSEWHERE)) return hasWord(parsed, ...POSTURE_WORDS) ? 0.45 : 0;
    if (hasWord(parsed, ...POSTURE_WORDS)) return 0.95;
    const aboutRegistries = hasWord(parsed, 'registry') || parsed.entities.registry !== undefined;
    if (hasWord(parsed, 'audit', 'check') && aboutRegistries) return 0.85;
    if (hasWord(parsed, 'secure', 'security', 'safe') && aboutRegistries) return 0.8;
    if (hasPhrase(parsed, 'how secure') || hasPhrase(parsed, 'locked down')) return 0.7;
    // "which registries have private link", "do our registries use customer-managed keys?".
    const asksForChange = hasWord(parsed, 'disable', 'enable', 'block', 'turn', 'switch', 'set', 'remove', 'add', 'assign', 'unassign', 'exempt', 'suppress', 'remediate') && !isQuestion(parsed);
    if (mentions(parsed, ...REGISTRY_SETTINGS) && !asksForChange) return aboutRegistries || mentions(parsed, 'acr') ? 0.9 : 0.6;
    return 0;
  },
  run,
  actions: {
    /** Shows the saved change (approval comes with the approval flow); data: { proposalId }. */
    fix: async (ctx, data) => ({ reply: await fixReply(ctx, data), refresh: 'new-message' }),
    /** The checklist of one registry from a summary; data: { registryId }. */
    registry: async (ctx, data) => {
      const registryId = typeof data.registryId === 'string' ? data.registryId : '';
      const { posture: port } = postureServices(ctx);
      const snapshot = registryId === '' ? undefined : await port.registry(ctx.user, registryId);
      if (!snapshot) {
        throw new UserError('That registry is gone, or you can’t read it.', { hint: 'Ask "audit registries" for a fresh list.', reason: 'stale-action' });
      }
      const one = assessRegistry(snapshot);
      return { reply: checklistReply(ctx, one, await saveProposals(ctx, one, port.apiVersion), `registry ${snapshot.name}`), refresh: 'new-message' };
    },
  },
});

