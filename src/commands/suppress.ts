import { suppressionId, utc } from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import type { ParsedText } from '../domain/language/index.js';
import { actOf, approvalReply, personOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { expiryOf } from './exempt.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * "suppress CVE-2024-3094 on payments/api for 30 days because …": a ShipShape-side suppression with a
 * reason, an owner and an end. Approved like any change; answers then leave the finding out, say how
 * many they hid, and show it again once the suppression ends.
 */

const NAME = 'suppress';
const VERBS = new Set(['suppress', 'snooze', 'mute', 'silence', 'ignore', 'hide']);
const MAX_MS = 365 * 86_400_000;

function asksToSuppress(parsed: ParsedText): boolean {
  return parsed.tokens.some((t) => VERBS.has(t.surface) || VERBS.has(t.word));
}

/**
 * The registries holding `repository` among those the requester can read: a requester must be able to
 * read the findings they ask to hide, and approvers need Defender's write right on each of these.
 */
async function readableRegistries(ctx: CommandContext, repository: string, registry: string | undefined, where: string): Promise<string[]> {
  const findings = ctx.services.findings;
  if (!findings) throw new Error('findings services are not configured');
  const view = await findings.view(ctx.user, { environments: [], ...(registry ? { registry: registry.toLowerCase() } : {}) });
  const wanted = repository.toLowerCase();
  const ids = new Set(view.images.filter((i) => i.ref.repository.toLowerCase() === wanted && i.registryId).map((i) => (i.registryId as string).toLowerCase()));
  if (ids.size > 0) return [...ids].sort();
  if (!view.complete) {
    throw new UserError(`ShipShape could not finish reading your registries in time to find ${where}.`, { hint: 'Ask again in a minute.', reason: 'partial' });
  }
  throw new UserError(`You cannot read any image of ${where}, so you cannot ask to hide its findings.`, {
    hint: 'Ask someone who can read the registry holding it (Reader and Security Reader there) to request the suppression.',
    reason: 'forbidden',
  });
}

async function suppress(ctx: CommandContext, parsed: ParsedText): Promise<CardReply> {
  const act = actOf(ctx);
  const requester = personOf(ctx);
  const e = parsed.entities;
  const cveId = e.cves[0];
  const now = ctx.now();
  const expires = expiryOf(parsed, now);
  if (!cveId || !e.repository) {
    throw new UserError('Suppress which CVE, on which repository?', { hint: 'For example “suppress CVE-2024-3094 on myapp for 30 days because the vendor fix ships Friday”.', reason: 'incomplete' });
  }
  if (!e.reason) throw new UserError('A suppression needs a reason.', { hint: 'Add “because …”: it is shown wherever the finding is hidden.', reason: 'incomplete' });
  if (!expires || expires.getTime() <= now.getTime()) throw new UserError('Until when?', { hint: 'Suppressions end: add “for 30 days” or “until 2026-06-30”.', reason: 'incomplete' });
  if (expires.getTime() - now.getTime() > MAX_MS) throw new UserError('Suppressions last a year at most.', { hint: 'Ask for a shorter period, and again when it ends if it is still needed.', reason: 'invalid' });

  const registry = e.registry;
  const where = `${registry ? `${registry}/` : ''}${e.repository}`;
  const registries = await readableRegistries(ctx, e.repository, registry, where);
  const id = suppressionId(cveId, e.repository, registry);
  const request = await act.approvals.request(
    {
      title: `Suppress ${cveId} on ${where} until ${utc(expires.toISOString()).slice(0, 10)}`,
      change: { kind: 'suppress', suppressionId: id, cveId, repository: e.repository, ...(registry ? { registry } : {}), expiresAt: expires.toISOString() },
      scope: `shipshape:/suppressions/${registry ?? '*'}/${e.repository}/${cveId}`,
      scopeLabel: where,
      warnings: ['Defender keeps reporting it; ShipShape answers leave it out for everyone and say how many findings they hid.'],
      blastRadius: { summary: `${cveId} in every image of ${where}${registry ? '' : ' in every registry'}, for everyone who asks ShipShape.`, items: [], more: 0 },
      reason: e.reason,
      entitledScopes: registries,
    },
    requester,
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

export const suppressCommand = defineCommand({
  name: NAME,
  title: 'Suppress a finding',
  description: 'Asks to hide one CVE on one repository from answers for a while, with a reason; someone else approves it.',
  group: 'act',
  examples: ['suppress CVE-2024-3094 on myapp for 30 days because the vendor fix ships Friday'],
  match(parsed) {
    if (!asksToSuppress(parsed)) return 0;
    return parsed.entities.cves.length > 0 ? 1 : 0.6;
  },
  run: (ctx, parsed) => suppress(ctx, parsed),
});
