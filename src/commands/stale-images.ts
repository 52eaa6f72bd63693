import { inPlace, queryFromEntities, scopeOfQuery, totalsOf, type ImageSummary } from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { findingsScores } from './findings-match.js';
import {
  MAX_ROWS,
  daysSince,
  earlyReply,
  emptyCard,
  findingsService,
  imageRow,
  notConfiguredReply,
  partialData,
  plural,
  refreshAction,
  severityCells,
  understoodLine,
} from './findings-reply.js';
import type { CommandContext, Reply } from './types.js';

/** Azure's container guidance asks for a periodic audit of images not updated in a while; 90 days unless asked otherwise. */
const DEFAULT_DAYS = 90;
const PAGE_SIZE = 8;

function envText(environments: readonly string[]): string {
  return environments.length > 0 ? `${environments.join(' and ')} ` : '';
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('stale-images', 'Stale images');
  const query = queryFromEntities(parsed.entities, parsed.words);
  const days = query.olderThanDays ?? DEFAULT_DAYS;
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'stale-images', parsed, 'stale-images', 'Stale images');
  if (early) return early;

  const now = ctx.now();
  const placed = view.images.filter((image) => inPlace(view, image, query));
  const stale: { image: ImageSummary; age: number }[] = [];
  let unknown = 0;
  for (const image of placed) {
    const age = daysSince(image.lastPushed, now);
    if (age === undefined) unknown++;
    else if (age > days) stale.push({ image, age });
  }
  // Oldest first: the longer an image sits unpatched, the more it has missed.
  stale.sort((a, b) => b.age - a.age || a.image.key.localeCompare(b.image.key));
  const images = stale.map((s) => s.image);
  const title = `${envText(query.environments)}images older than ${days} days`.replace(/^./, (c) => c.toUpperCase());
  const subject = `Images last pushed more than ${days} days ago`;
  const open = images.filter((i) => i.counts.some((c) => c > 0)).length;
  const oldest = stale[0];
  const lead = oldest
    ? `${plural(images.length, 'image')} of ${placed.length} · ${open} with open findings. Oldest: ${imageRow(view, ctx, oldest.image).name} (${oldest.age} days).`
    : '';
  const notes = [
    unknown > 0 ? `${plural(unknown, 'image')} scanned by the retired Qualys scanner ${unknown === 1 ? 'has' : 'have'} no push date and ${unknown === 1 ? 'is' : 'are'} not judged.` : '',
    'Images are those Defender reports on; registries with a clean scan are not listed.',
    images.length > MAX_ROWS ? `Listing the ${MAX_ROWS} oldest of ${images.length.toLocaleString('en')}.` : '',
  ].filter(Boolean);
  const notice = images.length === 0 ? `No ${envText(query.environments)}image you can read was last pushed more than ${days} days ago.` : '';
  return {
    kind: 'card',
    template: 'stale-images',
    data: {
      ...emptyCard(title),
      understood: understoodLine(subject, parsed, view, now),
      notice,
      ...partialData(view, ctx, 'stale-images', parsed),
      showSummary: images.length > 0,
      summaryCells: severityCells(totalsOf(images).counts),
      lead,
      images: images.slice(0, MAX_ROWS).map((image) => imageRow(view, ctx, image)),
      note: notes.join(' '),
    },
    summary: notice || `${title}: ${lead}`,
    list: { field: 'images', pageSize: PAGE_SIZE },
  };
}

export const staleImages = defineCommand({
  name: 'stale-images',
  title: 'Stale images',
  description: 'Images not pushed for a long time (90 days unless you say otherwise), oldest first, with their findings.',
  group: 'ask',
  examples: ['prod images older than 90 days', 'stale images in prod'],
  match: (parsed) => findingsScores(parsed)['stale-images'],
  run: answer,
  actions: { refresh: refreshAction('stale-images', answer) },
});
