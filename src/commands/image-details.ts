import { UserError } from '../domain/errors.js';
import {
  sortedImages,
  compareWorst,
  describeWorkload,
  displayName,
  inPlace,
  parseImageKey,
  queryFromEntities,
  registryNameOfHost,
  registryOf,
  scopeOfQuery,
  shortDigest,
  worstOfRecord,
  workloadsOf,
  type EstateView,
  type FindingRecord,
  type ImageSummary,
} from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { findingsScores } from './findings-match.js';
import { emptyCard, earlyReply, findingsService, imageRow, notConfiguredReply, notVisibleNotice, partialData, plural, refreshAction, scanText, searchedText } from './findings-reply.js';
import type { ActionResult, CommandContext, Reply } from './types.js';

/** Findings per page of the details card. */
const PAGE_SIZE = 12;

/** What the scan knows of exploits; nothing when it does not say (unknown is not "no exploit"). */
function exploitText(record: FindingRecord): string {
  const e = record.exploit;
  if (!e) return '';
  if (e.inExploitKit) return ' · exploit in an exploit kit';
  if (e.verified) return ' · verified exploit published';
  if (e.published) return ' · exploit published';
  return ' · no known exploit';
}

function findingRow(record: FindingRecord): Record<string, unknown> {
  const version = record.installedVersion ? ` ${record.installedVersion}` : '';
  const fix = record.fixedVersion ? `fixed in ${record.fixedVersion}` : record.fixable ? 'fix available' : 'no fix yet';
  return {
    id: record.id,
    severityText: `${record.severity}${record.cvss !== undefined ? ` · CVSS ${record.cvss}` : ''}${exploitText(record)}`,
    color: record.severity === 'Critical' ? 'Attention' : record.severity === 'High' ? 'Warning' : 'Default',
    package: record.packageName ? `${record.packageName}${version} → ${fix}` : `${record.title} · ${fix}`,
    remediation: record.remediation ?? '',
    link: record.cveId ? `https://nvd.nist.gov/vuln/detail/${record.cveId}` : '',
  };
}

/** The details card of one image the user can read; `others` are further matches of the same name. */
async function detailsReply(ctx: CommandContext, view: EstateView, image: ImageSummary, others: readonly ImageSummary[], parsed?: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('image-details', 'Image details');
  const registry = registryOf(view, image);
  const clusterIds = [...new Set((view.placements.get(image.key) ?? []).map((p) => p.clusterId))];
  const records = await service.imageFindings(ctx.user, { image: image.ref, ...(registry ? { registryId: registry.id } : {}), clusterIds });
  // Registry and running-image scans report the same finding; each is listed once.
  const unique = new Map(records.map((r) => [`${r.id}|${r.packageName ?? ''}|${r.open}`, r]));
  const open = [...unique.values()].filter((r) => r.open).sort((a, b) => compareWorst(worstOfRecord(a), worstOfRecord(b)));
  const suppressed = [...unique.values()].filter((r) => r.suppressed).length;
  const closed = unique.size - open.length - suppressed;
  const running = workloadsOf(view, image);
  const name = displayName(image.ref, image.tags);
  const runningText = running.length > 0 ? `Running in ${running.map(describeWorkload).join('; ')}` : 'Not running anywhere you can read';
  return {
    kind: 'card',
    template: 'image-details',
    data: {
      ...emptyCard(name),
      understood: [`Image details`, `${image.ref.registryHost}/${image.ref.repository}@${shortDigest(image.ref.digest)}`, searchedText(view), scanText(view, ctx.now())].join(' · '),
      ...(parsed ? partialData(view, ctx, 'image-details', parsed) : {}),
      image: imageRow(view, ctx, image),
      tags: image.tags.length > 0 ? `Tags: ${image.tags.join(', ')}` : 'No tags reported',
      running: runningText,
      findingsHeading: `Open findings (${open.length})`,
      closedNote: [
        closed > 0 ? `${plural(closed, 'resolved or exempt finding')} not shown.` : '',
        suppressed > 0 ? `${plural(suppressed, 'finding')} hidden by suppressions.` : '',
      ].filter(Boolean).join(' '),
      notice: open.length === 0 ? 'No open findings in this image.' : '',
      findings: open.map(findingRow),
      others: others.slice(0, 5).map((o) => ({ key: o.key, title: `${registryOf(view, o)?.name ?? o.ref.registryHost} · ${displayName(o.ref, o.tags)}` })),
    },
    summary: `${name}: ${plural(open.length, 'open finding')}. ${runningText}.`,
    list: { field: 'findings', pageSize: PAGE_SIZE },
  };
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('image-details', 'Image details');
  const query = queryFromEntities(parsed.entities, parsed.words);
  if (!query.repository && !query.digest) {
    throw new UserError('Which image? Name it the way you would pull it.', { hint: 'For example: "what\'s wrong with myapp:1.0".', reason: 'missing-image' });
  }
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'image-details', parsed, 'image-details', 'Image details');
  if (early) return early;
  const candidates = sortedImages(view).filter((i) => inPlace(view, i, query));
  const first = candidates[0];
  if (!first) {
    const asked = `${query.repository ?? ''}${query.tag ? `:${query.tag}` : ''}${query.digest ? `@${query.digest}` : ''}`;
    const notice = notVisibleNotice(view, query, asked);
    return { kind: 'card', template: 'image-details', data: { ...emptyCard(asked), understood: `Image details · ${scanText(view, ctx.now())}`, notice, ...partialData(view, ctx, 'image-details', parsed) }, summary: notice };
  }
  return detailsReply(ctx, view, first, candidates.slice(1), parsed);
}

/** "Details" on an image row: the image id only; read again with the clicking person's rights. */
async function show(ctx: CommandContext, data: Record<string, unknown>): Promise<ActionResult> {
  const service = findingsService(ctx);
  const ref = parseImageKey(data.image);
  if (!service || !ref) throw new UserError('That button does not name an image ShipShape can look up.', { reason: 'bad-action-data' });
  const key = `${ref.registryHost}/${ref.repository}@${ref.digest}`;
  const view = service.knownView(ctx.user, key) ?? (await service.view(ctx.user, { environments: [], registry: registryNameOfHost(ref.registryHost) }));
  const image = view.images.find((i) => i.key === key);
  if (!image) {
    throw new UserError('You can\'t read that image\'s registry, or it has no findings any more.', { hint: 'Ask "whoami" to see what you can read.', reason: 'not-visible' });
  }
  return { reply: await detailsReply(ctx, view, image, []), refresh: 'new-message' };
}

export const imageDetails = defineCommand({
  name: 'image-details',
  title: 'Image details',
  description: 'Everything open in one image: CVEs, packages, fixed versions, remediation, and where it runs.',
  group: 'ask',
  examples: ["what's wrong with myapp:1.0", 'details of myregistry.azurecr.io/myapp:1.0'],
  match: (parsed) => findingsScores(parsed)['image-details'],
  run: answer,
  actions: { show, refresh: refreshAction('image-details', answer) },
});
