import { describe, expect } from 'vitest';
import { botTest as test } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas, readTenant } from '../../harness/personas.js';
import { completeCard } from '../findings/support/read-card.js';
import { cardText } from '../../harness/cards.js';

type Json = Record<string, unknown>;
const o = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});

/** Repositories with an open prod finding the scan marks as exploited, from the tenant file. */
function exploitedRepositories(): Set<string> {
  const out = new Set<string>();
  for (const r of readTenant(DEMO_TENANT_FILE).resources) {
    const p = o(r.properties);
    const ad = o(p.additionalData);
    const ea = o(o(ad.vulnerabilityDetails).exploitabilityAssessment);
    if (o(p.status).code === 'Unhealthy' && (ea.exploitStepsPublished === true || ea.isInExploitKit === true)) out.add(String(o(ad.artifactDetails).repositoryName));
  }
  return out;
}

describe('fix-first through the endpoint', () => {
  test('the first row has a known exploit, runs internet-facing, and names the image to move to', async ({ say, teams }) => {
    const reply = await say('what should we fix first in prod', { timeoutMs: 30_000 });
    const text = cardText(await completeCard(teams, reply.card, personas.priya));
    expect(exploitedRepositories().size).toBeGreaterThan(0);
    const lead = text.split('\n').find((l) => l.startsWith('Start with ')) ?? '';
    expect(lead).toMatch(/^Start with \S+: \d+ findings? with (an exploit in an exploit kit|a known exploit); running/);
    expect(lead).toMatch(/Move to \S+ \(0 critical, 0 high/);
    expect(text).toMatch(/Ranked by: exploit in an exploit kit/);
    expect(text).toMatch(/cluster whose API server is public without authorized IP ranges \(public load balancers can't be seen without cluster access\)/);
  });
});
