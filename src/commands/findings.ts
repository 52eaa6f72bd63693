import {
  displayName,
  fixableTotal,
  matchingImages,
  rankByRisk,
  riskReason,
  scopeTotals,
  queryFromEntities,
  scopeOfQuery,
  severityPhrase,
  shownSeverities,
} from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { findingsScores } from './findings-match.js';
import {
  MAX_ROWS,
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

/** Image rows per card page; a row with its three buttons is about 1.7 KB. */
const PAGE_SIZE = 8;

function environmentText(environments: readonly string[]): string {
  return environments.length > 0 ? ` in ${environments.join(' and ')}` : '';
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('findings', 'Image findings');
  const query = queryFromEntities(parsed.entities, parsed.words);
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'findings', parsed, 'findings', 'Image findings');
  if (early) return early;

  const severities = shownSeverities(query);
  // Riskiest first, as fix-first and the digest rank: the first row is the one to fix first.
  const ranked = rankByRisk(view, matchingImages(view, query));
  const images = ranked.map((r) => r.image);
  const subject = `${query.fixableOnly ? 'Fixable ' : ''}${severityPhrase(query.severities)}`.replace(/^Fixable Open/, 'Fixable open');
  const title = `${subject}${environmentText(query.environments)}`;
  // The summary is the scope's: the same numbers whichever severities this question lists.
  const totals = scopeTotals(view, query);
  const fixable = fixableTotal(images, severities);
  const top = ranked[0];
  const among = query.severities.length > 0 || query.fixableOnly ? ` of ${plural(totals.images, 'image')} with open findings` : '';
  const lead = top
    ? `${plural(images.length, 'image')} with ${subject.toLowerCase()}${among} · ${plural(fixable, 'fixable finding')} among them. Fix first: ${displayName(top.image.ref, top.image.tags)} (${top.image.counts[0] ?? 0} critical, ${top.image.counts[1] ?? 0} high; ${riskReason(top)}).`
    : '';
  const shown = ranked.slice(0, MAX_ROWS);
  const note =
    images.length > shown.length
      ? `Listing the ${MAX_ROWS} most urgent of ${images.length.toLocaleString('en')} images; narrow the question (an environment, a registry, a severity) to see the rest.`
      : '';
  const notice = images.length === 0 ? `No images with ${subject.toLowerCase()}${environmentText(query.environments)} in what you can read.` : '';
  return {
    kind: 'card',
    template: 'findings',
    data: {
      ...emptyCard(title),
      understood: understoodLine(subject, parsed, view, ctx.now()),
      notice,
      ...partialData(view, ctx, 'findings', parsed),
      showSummary: totals.images > 0,
      summaryCells: severityCells(totals.counts),
      lead,
      images: shown.map((r) => imageRow(view, ctx, r.image, r)),
      note,
    },
    summary: images.length > 0 ? `${title}: ${lead}` : notice,
    list: { field: 'images', pageSize: PAGE_SIZE },
  };
}

export const findings = defineCommand({
  name: 'findings',
  title: 'Image findings',
  description: 'Vulnerable images by environment, severity and registry, riskiest first, with what fixes them.',
  group: 'ask',
  examples: ['which prod images have criticals', 'critical and high findings in registry myregistry', 'fixable criticals in prod'],
  match: (parsed) => findingsScores(parsed).findings,
  run: answer,
  actions: { refresh: refreshAction('findings', answer) },
});
