import { queryFromEntities, scopeOfQuery, subscriptionName, type EstateView, type RegistryInfo } from '../domain/findings/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { MAX_ROWS, earlyReply, emptyCard, findingsService, notConfiguredReply, partialData, plural, portalUrl, refreshAction, understoodLine } from './findings-reply.js';
import { hasWord, mentions } from './match.js';
import type { CommandContext, Reply } from './types.js';

/**
 * "Is Defender scanning our registries?": the guidance asks for continuous scanning of every
 * registry. Per registry: scanned by Defender's current scanner (with or without open findings),
 * still on the retired Qualys scanner, or not scanned at all; the gaps first.
 */

const PAGE_SIZE = 10;

type Coverage = 'not-scanned' | 'unreadable' | 'retired' | 'findings' | 'clean';

const ORDER: readonly Coverage[] = ['not-scanned', 'unreadable', 'retired', 'findings', 'clean'];

const STATUS: Record<Coverage, { text: string; color: string }> = {
  'not-scanned': { text: 'Not scanned: Defender reports nothing for its images', color: 'Attention' },
  unreadable: { text: 'Defender reports findings here in a form ShipShape does not read yet', color: 'Warning' },
  retired: { text: 'Scanned only by the retired Qualys assessment', color: 'Warning' },
  findings: { text: 'Scanned by Defender · open findings', color: 'Good' },
  clean: { text: 'Scanned by Defender · no open findings', color: 'Good' },
};

function coverageOf(registry: RegistryInfo): Coverage {
  if (registry.scanState === 'not-scanned') return 'not-scanned';
  if (registry.scanState === 'unreadable') return 'unreadable';
  if (registry.scanner === 'qualys') return 'retired';
  return registry.scanState === 'findings' ? 'findings' : 'clean';
}

function row(view: EstateView, ctx: CommandContext, registry: RegistryInfo, coverage: Coverage): Record<string, unknown> {
  return {
    name: registry.name,
    where: [registry.environment ?? 'no environment tag', subscriptionName(view, registry.subscriptionId), registry.resourceGroup].join(' · '),
    status: STATUS[coverage].text,
    color: STATUS[coverage].color,
    url: portalUrl(view, ctx, registry.id),
  };
}

function advice(counts: Record<Coverage, number>): string {
  const steps: string[] = [];
  if (counts['not-scanned'] > 0) {
    steps.push(
      'For registries that are not scanned, turn on the Defender for Containers plan (or Defender CSPM) for their subscription in Defender for Cloud’s environment settings; images are then scanned when pushed or imported and rescanned regularly while they are still pulled.',
    );
  }
  if (counts.retired > 0) {
    steps.push('The Qualys-based assessment is retired: with Defender for Containers on, Microsoft Defender Vulnerability Management scans these registries instead.');
  }
  return steps.join(' ');
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = findingsService(ctx);
  if (!service) return notConfiguredReply('scan-coverage', 'Scan coverage');
  const query = queryFromEntities(parsed.entities, parsed.words);
  const view = await service.view(ctx.user, scopeOfQuery(query));
  const early = earlyReply(view, ctx, 'scan-coverage', parsed, 'scan-coverage', 'Scan coverage');
  if (early) return early;

  const counts: Record<Coverage, number> = { 'not-scanned': 0, unreadable: 0, retired: 0, findings: 0, clean: 0 };
  const rows = view.registries
    .map((registry) => ({ registry, coverage: coverageOf(registry) }))
    .sort((a, b) => ORDER.indexOf(a.coverage) - ORDER.indexOf(b.coverage) || a.registry.name.localeCompare(b.registry.name));
  for (const r of rows) counts[r.coverage]++;
  const scanned = counts.findings + counts.clean;
  const total = rows.length;
  const envs = query.environments.length > 0 ? `${query.environments.join(' and ')} ` : '';
  const title = `Image scanning of ${envs}registries`;
  const lead =
    total === 0
      ? ''
      : scanned === total
        ? `All ${plural(total, 'registry', 'registries')} you can read are scanned by Defender for Cloud.`
        : `${scanned} of ${plural(total, 'registry', 'registries')} are scanned by Defender for Cloud; ${[
            counts['not-scanned'] > 0 ? `${counts['not-scanned']} not scanned` : '',
            counts.unreadable > 0 ? `${counts.unreadable} with findings in a form ShipShape does not read yet` : '',
            counts.retired > 0 ? `${counts.retired} only by the retired scanner` : '',
          ].filter(Boolean).join(', ')}.`;
  const notice = total === 0 ? `You can’t read any ${envs}container registry.` : '';
  const note = [advice(counts), rows.length > MAX_ROWS ? `Listing ${MAX_ROWS} of ${rows.length.toLocaleString('en')}, gaps first.` : ''].filter(Boolean).join(' ');
  return {
    kind: 'card',
    template: 'scan-coverage',
    data: {
      ...emptyCard(title),
      understood: understoodLine('Defender image scanning', parsed, view, ctx.now()),
      notice,
      ...partialData(view, ctx, 'scan-coverage', parsed),
      showSummary: total > 0,
      summaryCells: [
        { label: 'Not scanned', count: String(counts['not-scanned']), color: counts['not-scanned'] > 0 ? 'Attention' : 'Default' },
        { label: 'Retired scanner', count: String(counts.retired), color: counts.retired > 0 ? 'Warning' : 'Default' },
        { label: 'Scanned', count: String(scanned), color: scanned > 0 ? 'Good' : 'Default' },
      ],
      lead,
      registries: rows.slice(0, MAX_ROWS).map((r) => row(view, ctx, r.registry, r.coverage)),
      note,
    },
    summary: notice || `${title}: ${lead}`,
    list: { field: 'registries', pageSize: PAGE_SIZE },
  };
}

const SCAN_WORDS = ['scan', 'scans', 'scanned', 'scanning', 'scanner', 'unscanned', 'coverage', 'covered'];
const SUBJECTS = ['registry', 'registries', 'acr', 'image', 'images', 'defender'];

export const scanCoverage = defineCommand({
  name: 'scan-coverage',
  title: 'Scan coverage',
  description: 'Which registries Defender for Cloud scans for vulnerabilities, which it does not, and which still use the retired scanner.',
  group: 'ask',
  examples: ['is defender scanning our registries', 'which prod registries are not scanned'],
  match(parsed) {
    // "is defender enabled", "is defender on for our registries".
    if (mentions(parsed, 'defender') && mentions(parsed, 'enabled', 'on', 'turned on', 'plan', 'active', 'running') && !hasWord(parsed, 'finding', 'vulnerable')) return 0.85;
    if (mentions(parsed, 'scan coverage', 'scanning coverage', 'defender coverage') && parsed.entities.severities.length === 0) return 0.85;
    if (!mentions(parsed, ...SCAN_WORDS) || !mentions(parsed, ...SUBJECTS)) return 0;
    // Questions about what a scan found belong to the findings commands.
    if (parsed.entities.severities.length > 0 || parsed.entities.cves.length > 0 || hasWord(parsed, 'finding', 'vulnerable', 'fixable')) return 0;
    return 0.9;
  },
  run: answer,
  actions: { refresh: refreshAction('scan-coverage', answer) },
});
