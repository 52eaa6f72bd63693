import { FIX_FIRST_ORDER, displayName, fixFirstIn, queryFromEntities, scopeOfQuery, scopeTotals } from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { findingsScores } from './findings-match.js';
import { MAX_ROWS, emptyCard, earlyReply, findingsService, imageRow, notConfiguredReply, partialData, plural, refreshAction, severityCells, understoodLine } from './findings-reply.js';
import type { CommandContext, Reply } from './types.js';

const PAGE_SIZE = 6;

function envText(environments: readonly string[]): string {
  return environments.length > 0 ? ` in ${environments.join(' and ')}` : '';
}

/**
 * One joined answer: fixable criticals and highs, whether the image runs (ACI, AKS), and how exposed
 * its registry is, each row saying why it ranks where it does.
 */
async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('fix-first', 'Fix first');
  const query = queryFromEntities(parsed.entities, parsed.words);
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'fix-first', parsed, 'fix-first', 'Fix first');
  if (early) return early;

  const ranked = fixFirstIn(view, query);
  const totals = scopeTotals(view, query);
  const title = `What to fix first${envText(query.environments)}`;
  const top = ranked[0];
  const move = top?.upgrade ? ` Move to ${displayName(top.upgrade.image.ref, top.upgrade.image.tags)} (${top.upgrade.text}).` : '';
  const lead = top
    ? `Start with ${displayName(top.image.ref, top.image.tags)}: ${top.reasons[0]}; ${top.reasons[1]}.${move} ${plural(ranked.length, 'image')} with open criticals or highs.`
    : '';
  const notice = ranked.length === 0 ? `No open criticals or highs${envText(query.environments)} in what you can read.` : '';
  return {
    kind: 'card',
    template: 'fix-first',
    data: {
      ...emptyCard(title),
      understood: understoodLine('Criticals and highs, ranked by risk', parsed, view, ctx.now()),
      notice,
      ...partialData(view, ctx, 'fix-first', parsed),
      showSummary: totals.images > 0,
      summaryCells: severityCells(totals.counts),
      lead,
      weights: ranked.length > 0 ? FIX_FIRST_ORDER : '',
      images: ranked.slice(0, MAX_ROWS).map((r, i) => ({ ...imageRow(view, ctx, r.image), rank: i + 1, reasons: r.reasons })),
      note: ranked.length > MAX_ROWS ? `Listing the top ${MAX_ROWS} of ${ranked.length.toLocaleString('en')}.` : '',
    },
    summary: notice || `${title}: ${lead}`,
    list: { field: 'images', pageSize: PAGE_SIZE },
  };
}

export const fixFirst = defineCommand({
  name: 'fix-first',
  title: 'Fix first',
  description: 'Images ranked by known exploits, where they run and how reachable, severity and fixes, with the image to move to.',
  group: 'ask',
  examples: ['what should we fix first in prod', 'fix first in staging'],
  match: (parsed) => findingsScores(parsed)['fix-first'],
  run: answer,
  actions: { refresh: refreshAction('fix-first', answer) },
});
