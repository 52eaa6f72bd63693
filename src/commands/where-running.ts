import { UserError } from '../domain/errors.js';
import {
  sortedImages,
  describeWorkload,
  displayName,
  inPlace,
  matchingImages,
  parseImageKey,
  queryFromEntities,
  registryNameOfHost,
  placedImages,
  rankByRisk,
  scopeOfQuery,
  workloadsOf,
  type EstateView,
  type ImageRisk,
  type ImageSummary,
  type Workload,
} from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { findingsScores } from './findings-match.js';
import { MAX_ROWS, earlyReply, emptyCard, findingsService, imageRow, notConfiguredReply, notVisibleNotice, partialData, plural, refreshAction, understoodLine } from './findings-reply.js';
import type { ActionResult, CommandContext, Reply } from './types.js';
import { withoutConditions } from './understood.js';

const PAGE_SIZE = 8;

function place(w: Workload): string {
  return `${describeWorkload(w)} · ${w.environment ?? 'no env tag'} · ${w.resourceGroup}${w.publicIp ? ' · public IP' : ''}`;
}

function whereSearched(view: EstateView): string {
  const groups = new Set(view.workloads.filter((w) => w.kind === 'aci').map((w) => w.resourceId.toLowerCase())).size;
  const unreadable = view.clusters.filter((c) => c.unreadableFindings === true).length;
  const note = unreadable > 0 ? ` (${unreadable} where Defender reports findings in a form ShipShape does not read yet)` : '';
  return `${plural(groups, 'container group')} and ${plural(view.clusters.length, 'AKS cluster')} you can read${note}`;
}

function rows(view: EstateView, ctx: CommandContext, images: readonly ImageSummary[], where: ReadonlyMap<string, Workload[]>, risks?: readonly ImageRisk[]): Record<string, unknown>[] {
  return images.map((image, i) => ({ ...imageRow(view, ctx, image, risks?.[i]), places: (where.get(image.key) ?? []).map(place) }));
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('where-running', 'Where images run');
  const query = queryFromEntities(parsed.entities, parsed.words);
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'where-running', parsed, 'where-running', 'Where images run');
  if (early) return early;

  const named = Boolean(query.repository ?? query.digest);
  // A named image is shown whether or not it has findings; otherwise the question is about vulnerable ones.
  // Running is what this answer finds out, not a filter on what it looks at.
  const candidates = named ? sortedImages(view).filter((i) => inPlace(view, i, query)) : matchingImages(view, { ...query, running: false, internetFacing: false });
  // One pass over the workloads for all candidates: estates run thousands of containers.
  // "…that are running and internet facing": only places with a public IP count.
  const { images: running, where } = placedImages(view, candidates, { running: true, internetFacing: query.internetFacing === true });
  // Riskiest first, in the one order fix-first and the findings lists use.
  const ranked = rankByRisk(view, running);
  const envs = query.environments.length > 0 ? `${query.environments.join(' and ')} ` : '';
  const title = named ? `Where ${query.repository ?? query.digest}${query.tag ? `:${query.tag}` : ''} runs` : `Where vulnerable ${envs}images run`;
  const places = running.reduce((n, i) => n + (where.get(i.key)?.length ?? 0), 0);
  const lead = running.length > 0 ? `${plural(running.length, 'image')} of ${candidates.length} run in ${plural(places, 'place')}.` : '';
  const notice =
    running.length === 0
      ? candidates.length === 0
        ? named ? notVisibleNotice(view, query, `${query.repository ?? query.digest ?? ''}${query.tag ? `:${query.tag}` : ''}`) : 'No vulnerable images match in what you can read.'
        : `None of the ${plural(candidates.length, 'matching image')} runs in the ${whereSearched(view)}.`
      : '';
  return {
    kind: 'card',
    template: 'where-running',
    data: {
      ...emptyCard(title),
      understood: understoodLine(`Searched ${whereSearched(view)}`, withoutConditions(parsed, 'running'), view, ctx.now()),
      notice,
      ...partialData(view, ctx, 'where-running', parsed),
      lead,
      images: rows(view, ctx, ranked.slice(0, MAX_ROWS).map((r) => r.image), where, ranked.slice(0, MAX_ROWS)),
    },
    summary: notice || `${title}: ${lead}`,
    list: { field: 'images', pageSize: PAGE_SIZE },
  };
}

/** "Where is it running?" on an image row: the image id only; looked up again with the clicking person's rights. */
async function show(ctx: CommandContext, data: Record<string, unknown>): Promise<ActionResult> {
  const service = findingsService(ctx);
  const ref = parseImageKey(data.image);
  if (!service || !ref) throw new UserError('That button does not name an image ShipShape can look up.', { reason: 'bad-action-data' });
  const key = `${ref.registryHost}/${ref.repository}@${ref.digest}`;
  const view = service.knownView(ctx.user, key) ?? (await service.view(ctx.user, { environments: [], registry: registryNameOfHost(ref.registryHost) }));
  const early = earlyReply(view, ctx, 'where-running', undefined, 'where-running', 'Where images run');
  if (early) return { reply: early, refresh: 'new-message' };
  const image = view.images.find((i) => i.key === key);
  if (!image) {
    throw new UserError('You can\'t read that image\'s registry, or it has no findings any more.', { hint: 'Ask "whoami" to see what you can read.', reason: 'not-visible' });
  }
  const where = workloadsOf(view, image);
  const name = displayName(image.ref, image.tags);
  const notice = where.length === 0 ? `${name} does not run in the ${whereSearched(view)}.` : '';
  return {
    reply: {
      kind: 'card',
      template: 'where-running',
      data: {
        ...emptyCard(`Where ${name} runs`),
        understood: `Searched ${whereSearched(view)}`,
        notice,
        lead: where.length > 0 ? `Runs in ${plural(where.length, 'place')}.` : '',
        images: where.length > 0 ? rows(view, ctx, [image], new Map([[image.key, where]])) : [],
      },
      summary: notice || `${name} runs in ${plural(where.length, 'place')}: ${where.map(describeWorkload).join('; ')}`,
    },
    refresh: 'new-message',
  };
}

export const whereRunning = defineCommand({
  name: 'where-running',
  title: 'Where images run',
  description: 'Which ACI container groups and AKS workloads run vulnerable images, or one image you name.',
  group: 'ask',
  examples: ['where are vulnerable prod images running', 'where is myapp:1.0 running'],
  match: (parsed) => findingsScores(parsed)['where-running'],
  run: answer,
  actions: { show, refresh: refreshAction('where-running', answer) },
});
