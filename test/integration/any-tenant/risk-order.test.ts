import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { cardText } from '../../harness/cards.js';
import type { Json } from '../../harness/connector.js';
import { installationUpdate } from '../../harness/activities.js';
import { expectedEstate, type ExpectedImage } from '../findings/support/expected.js';
import { completeCard, imageRows } from '../findings/support/read-card.js';
import { botTestFor, INTERNAL } from './support/bot-test.js';
import { buildOtherTenant } from './support/other-tenant.js';

/**
 * One risk order on a tenant generated here. No finding has an exploit except one High in a prod
 * image whose highest CVSS is below the estate's, that has fewer criticals than the image the counts
 * alone would put first, and that a prod container group runs on a public IP. That image leads the
 * findings list, fix-first and the digest's top, each saying why.
 */
const SEED = Number(process.env.ANY_TENANT_SEED ?? 4242) + 17;
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-risk-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const other = buildOtherTenant(dir, { seed: SEED, reader: false });
const { lead } = other.people;

const o = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const resources = other.tenant.resources as unknown as Json[];
const findings = resources.filter((r) => r.type === 'Microsoft.Security/assessments/subAssessments' && o(o(r.properties).additionalData).vulnerabilityDetails);
const detailsOf = (r: Json): Json => o(o(o(r.properties).additionalData).vulnerabilityDetails);
const artifactOf = (r: Json): Json => o(o(o(r.properties).additionalData).artifactDetails);
const keyOf = (r: Json): string => `${String(artifactOf(r).registryHost).toLowerCase()}/${String(artifactOf(r).repositoryName).toLowerCase()}@${String(artifactOf(r).digest).toLowerCase()}`;
const cvssOf = (r: Json): number => Number(o(o(detailsOf(r).cvss)['3.0']).base ?? 0);
const open = (r: Json): boolean => o(o(r.properties).status).code === 'Unhealthy';

// Nothing in the estate has an exploit, so exactly one can be given one below.
for (const r of findings) {
  const details = detailsOf(r);
  if (details.exploitabilityAssessment) details.exploitabilityAssessment = { ...o(details.exploitabilityAssessment), exploitStepsPublished: false, exploitStepsVerified: false, isInExploitKit: false };
}

const estate = expectedEstate(other.file, lead.aadObjectId);
const prod = estate.images.filter((i) => i.env === 'prod' && i.counts.Critical + i.counts.High > 0);
const topCvss = (image: ExpectedImage): number => Math.max(0, ...findings.filter((r) => open(r) && keyOf(r) === image.key).map(cvssOf));
const byCounts = [...prod].sort((a, b) => b.counts.Critical - a.counts.Critical || b.counts.High - a.counts.High);
const leader = byCounts[0] as ExpectedImage;
// The chosen image: has an open High, fewer criticals and a lower top CVSS than the count leader.
const chosen = [...prod]
  .filter((i) => i.counts.High > 0 && i.counts.Critical < leader.counts.Critical && topCvss(i) < topCvss(leader))
  .sort((a, b) => topCvss(a) - topCvss(b))[0] as ExpectedImage;
const exploitedHigh = findings.find((r) => open(r) && keyOf(r) === chosen?.key && String(detailsOf(r).severity) === 'High') as Json;
detailsOf(exploitedHigh).exploitabilityAssessment = { ...o(detailsOf(exploitedHigh).exploitabilityAssessment), exploitStepsPublished: true, exploitStepsVerified: false, isInExploitKit: false };

// A prod container group with a public IP runs it, by digest, next to its registry.
const registry = resources.find((r) => r.type === 'Microsoft.ContainerRegistry/registries' && String(r.name) === chosen?.registry) as Json;
const group = String(registry.id).split('/').slice(0, 5).join('/');
resources.push({
  id: `${group}/providers/Microsoft.ContainerInstance/containerGroups/ci-edge-gateway`,
  name: 'ci-edge-gateway',
  type: 'Microsoft.ContainerInstance/containerGroups',
  location: String(registry.location ?? 'westeurope'),
  tags: { env: 'prod' },
  properties: {
    sku: 'Standard',
    provisioningState: 'Succeeded',
    containers: [{ name: 'gateway', properties: { image: chosen?.key, ports: [{ port: 443, protocol: 'TCP' }], resources: { requests: { cpu: 1, memoryInGB: 1.5 } }, environmentVariables: [] } }],
    initContainers: [],
    imageRegistryCredentials: [],
    restartPolicy: 'Always',
    ipAddress: { ports: [{ protocol: 'TCP', port: 443 }], type: 'Public', ip: '20.61.14.9' },
    osType: 'Linux',
    instanceView: { events: [], state: 'Running' },
  },
});
writeFileSync(other.file, `${JSON.stringify(other.tenant, null, 2)}\n`);

const test = botTestFor(other, { DIGEST_SCHEDULER: 'off' });
const nameOf = (key: string): RegExp => new RegExp(`^${key.split('/').slice(1).join('/').split('@')[0]?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[:@]`);

describe(`one risk order on a generated tenant (seed ${SEED})`, () => {
  test('the set-up has a count leader with more criticals and higher CVSS than the exploited image', () => {
    expect(chosen, 'a prod image with a High, fewer criticals and lower CVSS than the leader').toBeDefined();
    expect(exploitedHigh).toBeDefined();
    expect(topCvss(chosen)).toBeLessThan(topCvss(leader));
    expect(leader.counts.Critical).toBeGreaterThan(chosen.counts.Critical);
  });

  test('the findings list, fix-first and the digest lead with the exploited, internet-facing prod image', async ({ teams }) => {
    const list = await teams.say('critical and high findings in prod', { as: lead, timeoutMs: 30_000 });
    const listCard = await completeCard(teams, list.card, lead);
    const first = imageRows(listCard)[0];
    expect(first?.image).toBe(chosen.key);
    expect(cardText(listCard)).toMatch(/Risk: known exploit · runs in prod · public IP · CVSS [\d.]+/);
    expect(cardText(listCard)).toMatch(/Fix first: \S+ \(\d+ critical, \d+ high; known exploit · runs in prod · public IP/);

    const fix = await teams.say('what should we fix first in prod', { as: lead, timeoutMs: 30_000 });
    const fixCard = await completeCard(teams, fix.card, lead);
    const fixText = cardText(fixCard);
    expect(imageRows(fixCard)[0]?.image).toBe(chosen.key);
    expect(fixText).toMatch(/Start with \S+: 1 finding with a known exploit; running in \d+ places? \([^)]*\) in prod; reachable from the internet/);
    expect(first?.name).toMatch(nameOf(chosen.key));

    expect((await teams.post(installationUpdate(teams.context, { as: lead, in: 'channel' }))).status).toBeLessThan(300);
    const subscribed = await teams.say('send a daily digest here at 9:00 for prod Europe/Paris', { as: lead, in: 'channel' });
    expect(subscribed.readable).toMatch(/Subscribed: a digest/);
    const digest = await teams.say('digest now', { as: lead, in: 'channel', timeoutMs: 30_000 });
    expect(digest.readable).not.toMatch(INTERNAL);
    expect(digest.readable).toContain(`#1 ${first?.name}\n`);
    expect(digest.readable).toMatch(/#1 \S+\s+\d+ critical · \d+ high · known exploit · runs in prod · public IP/);
  });
});
