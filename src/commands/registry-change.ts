import { resolveRegistry, type RegistryRef, type RegistrySettings } from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import { parse, type ParsedText } from '../domain/language/index.js';
import { actOf, approvalReply, choiceOf, choiceReply, personOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasPhrase, hasWord, isQuestion } from './match.js';
import type { CardReply, CommandContext, Reply } from './types.js';

/**
 * "disable the admin user on registry X", "disable public network access on X", "enable dedicated
 * data endpoints on X": one registry PATCH, approved by someone else and run as them.
 */

const NAME = 'registry-change';

interface Setting {
  label: string;
  /** The PATCH this asks for. */
  settings(enable: boolean): RegistrySettings;
  current(r: RegistryRef): boolean | undefined;
  /** True when ACR only allows the result on Premium. */
  premiumOnly(enable: boolean): boolean;
  warning(enable: boolean): string | undefined;
}

const SETTINGS: Readonly<Record<'admin' | 'public' | 'data' | 'anonymous', Setting>> = {
  admin: {
    label: 'the admin user',
    settings: (enable) => ({ adminUserEnabled: enable }),
    current: (r) => r.adminUserEnabled,
    premiumOnly: () => false,
    warning: (enable) =>
      enable
        ? 'The admin user is one shared credential with push and pull rights; prefer Entra identities or scoped tokens.'
        : 'Anything that signs in with the admin user (old pipelines, docker login with the admin password) stops working.',
  },
  public: {
    label: 'public network access',
    settings: (enable) => ({ publicNetworkAccess: enable ? 'Enabled' : 'Disabled' }),
    current: (r) => (r.publicNetworkAccess === undefined ? undefined : r.publicNetworkAccess.toLowerCase() === 'enabled'),
    premiumOnly: (enable) => !enable,
    warning: (enable) => (enable ? 'The registry becomes reachable from the internet again (subject to its firewall rules).' : 'Only clients through private endpoints can reach the registry: pipelines and people on the internet lose access.'),
  },
  data: {
    label: 'dedicated data endpoints',
    settings: (enable) => ({ dataEndpointEnabled: enable }),
    current: (r) => r.dataEndpointEnabled,
    premiumOnly: (enable) => enable,
    warning: (enable) => (enable ? 'Firewalls must allow the registry’s new *.data.azurecr.io endpoints before clients pull through them.' : undefined),
  },
  anonymous: {
    label: 'anonymous pull',
    settings: (enable) => ({ anonymousPullEnabled: enable }),
    current: () => undefined,
    premiumOnly: () => false,
    warning: (enable) => (enable ? 'Anyone on the network can pull every image without signing in.' : 'Clients pulling without signing in stop working.'),
  },
};

function settingOf(parsed: ParsedText): keyof typeof SETTINGS | undefined {
  const topic = parsed.entities.policy?.policy.topic;
  if (hasPhrase(parsed, 'data endpoint') || (hasWord(parsed, 'dedicated') && hasWord(parsed, 'endpoint'))) return 'data';
  if (topic === 'admin-user' || hasPhrase(parsed, 'admin user') || hasPhrase(parsed, 'admin account')) return 'admin';
  if (topic === 'public-network-access' || hasPhrase(parsed, 'public network') || hasPhrase(parsed, 'public access')) return 'public';
  if (topic === 'anonymous-pull' || hasWord(parsed, 'anonymous')) return 'anonymous';
  return undefined;
}

function direction(parsed: ParsedText): boolean | undefined {
  if (hasWord(parsed, 'disable', 'block') || hasPhrase(parsed, 'turn off') || hasPhrase(parsed, 'switch off')) return false;
  if (hasWord(parsed, 'enable', 'allow') || hasPhrase(parsed, 'turn on') || hasPhrase(parsed, 'switch on')) return true;
  return undefined;
}

async function change(ctx: CommandContext, parsed: ParsedText, chosen?: string): Promise<Reply> {
  const act = actOf(ctx);
  const requester = personOf(ctx);
  const key = settingOf(parsed);
  const enable = direction(parsed);
  if (!key || enable === undefined) {
    throw new UserError('Which registry setting, and on or off?', {
      hint: 'For example “disable the admin user on registry myregistry” or “enable dedicated data endpoints on registry myregistry”.',
      reason: 'incomplete',
    });
  }
  const setting = SETTINGS[key];
  const found = await resolveRegistry(act.targets, ctx.user, parsed.entities.registry, chosen);
  if (found.kind === 'many') return choiceReply(ctx, NAME, parsed.raw, found.question, found.options);
  if (found.kind === 'none') throw new UserError(found.message, { hint: found.hint, reason: 'not-found' });
  const registry = found.value;
  const verb = enable ? 'Enable' : 'Disable';
  if (setting.current(registry) === enable) {
    return { kind: 'text', text: `Nothing to do: ${setting.label} is already ${enable ? 'enabled' : 'disabled'} on ${registry.name}.` };
  }
  if (setting.premiumOnly(enable) && registry.sku !== 'Premium') {
    throw new UserError(`${registry.name} is ${registry.sku ? `on the ${registry.sku} SKU` : 'not Premium'}: Azure allows this only on Premium registries.`, {
      hint: `Upgrade ${registry.name} to Premium first (that costs more per day), then ask again.`,
      reason: 'unsupported',
    });
  }
  const warning = setting.warning(enable);
  const label = `${registry.name} (${registry.subscriptionName})`;
  const request = await act.approvals.request(
    {
      title: `${verb} ${setting.label} on ${registry.name}`,
      change: { kind: 'registry-update', registryId: registry.id, settings: setting.settings(enable) },
      scope: registry.id,
      scopeLabel: label,
      warnings: warning ? [warning] : [],
      blastRadius: await act.targets.blastRadius(ctx.user, registry.id, { resourceType: 'Microsoft.ContainerRegistry/registries', settings: setting.settings(enable) }),
      reason: parsed.entities.reason ?? '',
    },
    requester,
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

const PATCHABLE = new Set(['adminUserEnabled', 'publicNetworkAccess', 'dataEndpointEnabled', 'anonymousPullEnabled']);
const REGISTRY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;

/** The settings of a RegistryUpdateParameters body, or undefined when it asks for anything else. */
function settingsOf(body: Record<string, unknown>): RegistrySettings | undefined {
  const { properties, sku, ...rest } = body as { properties?: Record<string, unknown>; sku?: { name?: unknown } };
  if (Object.keys(rest).length > 0) return undefined;
  const entries = Object.entries(properties ?? {});
  if (entries.some(([k]) => !PATCHABLE.has(k))) return undefined;
  const skuName = sku?.name;
  if (sku !== undefined && skuName !== 'Basic' && skuName !== 'Standard' && skuName !== 'Premium') return undefined;
  const settings = { ...Object.fromEntries(entries), ...(skuName ? { sku: skuName } : {}) } as RegistrySettings;
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** Whether pressing a Fix button for this change can request it: approvals are on and it is a registry setting ShipShape changes. */
export function canRequestRegistryPatch(ctx: CommandContext, fix: { method: string; resourceId: string; body: Record<string, unknown> }): boolean {
  return ctx.services.act !== undefined && fix.method === 'PATCH' && REGISTRY_ID.test(fix.resourceId) && settingsOf(fix.body) !== undefined;
}

/**
 * A registry PATCH proposed elsewhere (a posture checklist's fix button) as an approval request. Undefined
 * when approvals are not configured or the change is not a registry PATCH ShipShape can run.
 */
export async function requestRegistryPatch(
  ctx: CommandContext,
  fix: { method: string; resourceId: string; body: Record<string, unknown>; summary: string; caution?: string },
): Promise<CardReply | undefined> {
  const act = ctx.services.act;
  const name = REGISTRY_ID.exec(fix.resourceId)?.[1];
  const settings = fix.method === 'PATCH' && name ? settingsOf(fix.body) : undefined;
  if (!act || !name || !settings) return undefined;
  const request = await act.approvals.request(
    {
      title: `${fix.summary.replace(/\.$/, '')} (${name})`,
      change: { kind: 'registry-update', registryId: fix.resourceId, settings },
      scope: fix.resourceId,
      scopeLabel: name,
      warnings: fix.caution ? [fix.caution] : [],
      blastRadius: await act.targets.blastRadius(ctx.user, fix.resourceId, { resourceType: 'Microsoft.ContainerRegistry/registries', settings }),
      reason: 'Proposed by the registry posture checklist.',
    },
    personOf(ctx),
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

export const registryChange = defineCommand({
  name: NAME,
  title: 'Change a registry setting',
  description: 'Asks to switch the admin user, public network access, dedicated data endpoints or anonymous pull on a registry; someone else approves it.',
  group: 'act',
  examples: ['disable the admin user on registry myregistry', 'disable public network access on registry myregistry', 'enable dedicated data endpoints on registry myregistry'],
  match(parsed) {
    if (direction(parsed) === undefined || !settingOf(parsed) || isQuestion(parsed)) return 0;
    if (hasWord(parsed, 'assign', 'unassign', 'policy', 'exempt')) return 0;
    return parsed.entities.registry || hasWord(parsed, 'registry') ? 0.97 : 0.7;
  },
  run: (ctx, parsed): Promise<Reply | CardReply> => change(ctx, parsed),
  actions: {
    async choose(ctx, data) {
      const { text, value } = await choiceOf(ctx, NAME, data);
      return { reply: await change(ctx, parse(text, { now: ctx.now() }), value), refresh: 'everyone' };
    },
  },
});
