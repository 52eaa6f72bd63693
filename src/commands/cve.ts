import { imagesWithAnyCve, queryFromEntities, rankByRisk, riskReason, scopeOfQuery, severityPhrase, topCves, type CveRanking, type ExploitCounts } from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { findingsScores } from './findings-match.js';
import { MAX_ROWS, emptyCard, earlyReply, findingsService, imageRow, notConfiguredReply, partialData, plural, refreshAction, understoodLine } from './findings-reply.js';
import type { CommandContext, Reply } from './types.js';

const IMAGES_PER_PAGE = 8;
const CVES_PER_PAGE = 10;
const TOP_CVES = 50;

function cveRow(r: CveRanking): Record<string, unknown> {
  const severity = r.cve.severity;
  return {
    id: r.cve.id,
    severityText: `${severity}${r.cve.cvss !== undefined ? ` · CVSS ${r.cve.cvss}` : ''}`,
    color: severity === 'Critical' ? 'Attention' : severity === 'High' ? 'Warning' : 'Default',
    reach: `${plural(r.images, 'image')} · ${r.fixableImages} with a fix`,
    packages: r.packages.length > 0 ? `In ${r.packages.join(', ')}` : r.cve.title,
    link: /^CVE-/.test(r.cve.id) ? `https://nvd.nist.gov/vuln/detail/${r.cve.id}` : 'https://nvd.nist.gov/vuln/search',
  };
}

function envText(environments: readonly string[]): string {
  return environments.length > 0 ? ` in ${environments.join(' and ')}` : '';
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('cves', 'CVEs');
  const query = queryFromEntities(parsed.entities, parsed.words);
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'cve', parsed, 'cves', 'CVEs');
  if (early) return early;
  const partial = partialData(view, ctx, 'cve', parsed);

  if (query.cve) {
    const ids = query.cves ?? [query.cve];
    const nickname = parsed.entities.nicknames[0];
    const cve = nickname ? `${nickname} (${ids.join(', ')})` : ids.join(', ');
    const matches = imagesWithAnyCve(view, ids, query);
    const byImage = new Map(matches.map((f) => [f.image.key, f]));
    // Ranked as every list is, by what the scan knows of this CVE's exploits rather than the image's other findings.
    const exploits: ExploitCounts = (image) => {
      const e = view.cves.get(byImage.get(image.key)?.cve ?? '')?.exploit;
      return { inExploitKit: e?.inExploitKit ? 1 : 0, exploited: e && (e.published || e.verified || e.inExploitKit) ? 1 : 0 };
    };
    const found = rankByRisk(view, matches.map((f) => f.image), exploits).flatMap((risk) => {
      const match = byImage.get(risk.image.key);
      return match ? [{ image: risk.image, risk, hit: match.hit, id: match.cve }] : [];
    });
    const summary = ids.map((id) => view.cves.get(id)).find((s) => s !== undefined);
    const title = `Images with ${cve}${envText(query.environments)}`;
    const fixable = found.filter((f) => f.hit.fixable).length;
    const lead = summary && found.length > 0 ? `${summary.severity}${summary.cvss !== undefined ? ` (CVSS ${summary.cvss})` : ''} · ${plural(found.length, 'image')} · ${fixable} with a fix available.` : '';
    const notice = found.length === 0 ? `No image you can read has ${cve} open${envText(query.environments)}.` : '';
    const rows = found.slice(0, MAX_ROWS).map(({ image, risk, hit, id }) => ({
      ...imageRow(view, ctx, image, risk),
      // The image's top CVSS may be another CVE's: the lead gives this one's.
      reason: riskReason(risk, { cvss: false }),
      // The row leads with this CVE here, not with the image's worst finding.
      worst: `${id}${hit.packageName ? ` in ${hit.packageName}` : ''}${hit.fixedVersion ? ` → ${hit.fixedVersion}` : hit.fixable ? ' (fix available)' : ' (no fix yet)'}`,
    }));
    return {
      kind: 'card',
      template: 'cves',
      data: { ...emptyCard(title), understood: understoodLine(`Images with ${cve}`, parsed, view, ctx.now()), notice, ...partial, lead, images: rows },
      summary: notice || `${title}: ${lead}`,
      list: { field: 'images', pageSize: IMAGES_PER_PAGE },
    };
  }

  const ranked = topCves(view, query, TOP_CVES);
  const subject = `Top ${severityPhrase(query.severities, 'CVEs').replace(/^Open /, '')}`;
  const title = `${subject}${envText(query.environments)}`;
  const notice = ranked.length === 0 ? `No open CVEs${envText(query.environments)} in what you can read.` : '';
  const first = ranked[0];
  const lead = first ? `Most widespread at the top severity: ${first.cve.id} (${first.cve.severity}) in ${plural(first.images, 'image')}.` : '';
  return {
    kind: 'card',
    template: 'cves',
    data: { ...emptyCard(title), understood: understoodLine(subject, parsed, view, ctx.now()), notice, ...partial, lead, cves: ranked.map(cveRow) },
    summary: notice || `${title}: ${lead}`,
    list: { field: 'cves', pageSize: CVES_PER_PAGE },
  };
}

export const cve = defineCommand({
  name: 'cve',
  title: 'CVEs',
  description: 'Which images carry a CVE, and which CVEs are most widespread.',
  group: 'ask',
  examples: ['which images have CVE-2024-3094', 'top CVEs in prod'],
  match: (parsed) => findingsScores(parsed).cve,
  run: answer,
  actions: { refresh: refreshAction('cve', answer) },
});
