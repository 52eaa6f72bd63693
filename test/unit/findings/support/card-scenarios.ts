import { commands, createCommandRouter } from '../../../../src/commands/index.js';
import type { CommandContext, Reply } from '../../../../src/commands/types.js';
import { FindingsService } from '../../../../src/domain/findings/index.js';
import { context } from '../../commands/support/context.js';
import { SUB, demoEstate, estateWithUnscanned, manyImages } from './estate.js';
import { FakeFindingsSource, type FakeEstate, type FakeSourceOptions } from './fake-source.js';

/** Card verbs the findings cards carry (the card tests reject any verb they do not know). */
export const FINDINGS_VERBS: readonly string[] = [
  'where-running.show',
  'image-details.show',
  ...['findings', 'image-details', 'cve', 'where-running', 'stale-images', 'fix-first', 'scan-coverage'].map((c) => `${c}.refresh`),
];

/** A command context whose findings come from a fake estate; ids are fixed so golden files are stable. */
export function findingsContext(estate: FakeEstate = demoEstate(), options: FakeSourceOptions & { budgetMs?: number } = {}): CommandContext {
  const base = context();
  const findings = new FindingsService(new FakeFindingsSource(estate, options), {
    ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
    now: () => base.now().getTime(),
    newId: () => 'query-1',
  });
  return { ...base, services: { ...base.services, findings } };
}

async function ask(text: string, ctx: CommandContext = findingsContext()): Promise<Reply> {
  return createCommandRouter(commands).handleText(text, ctx);
}

async function click(verb: string, data: Record<string, unknown>, ctx: CommandContext = findingsContext()): Promise<Reply> {
  return (await createCommandRouter(commands).handleAction(verb, data, ctx)).reply;
}

/** One reply per findings card, from the real commands over the fixed estate. */
export const FINDINGS_SCENARIOS: Readonly<Record<string, () => Promise<Reply>>> = {
  'findings-prod-criticals': () => ask('which prod images have criticals'),
  'findings-paged': () => ask('critical and high findings in registry contosoprod', findingsContext(manyImages(20))),
  'findings-partial': () => ask('which prod images have criticals', findingsContext(demoEstate(), { hanging: [SUB.dev], budgetMs: 20, failing: {} })),
  'findings-none': () => ask('fixable criticals in dev registry contosotools'),
  'image-details-api': () => ask("what's wrong with payments/api:1.4.2"),
  'cves-one': () => ask('which images have CVE-2021-44228'),
  'cves-top': () => ask('top CVEs in prod'),
  'where-running-prod': () => ask('where are vulnerable prod images running'),
  'where-running-button': () => click('where-running.show', { image: `contosopayments.azurecr.io/payments/api@sha256:${'a'.repeat(64)}` }),
  'stale-images-prod': () => ask('stale images in prod'),
  'fix-first-prod': () => ask('what should we fix first in prod'),
  'scan-coverage-prod': () => ask('which prod registries are not scanned', findingsContext(estateWithUnscanned())),
  'scan-coverage-all-scanned': () => ask('is defender scanning our dev registries'),
};
