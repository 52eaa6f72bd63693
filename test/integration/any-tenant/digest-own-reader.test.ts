import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { installationUpdate } from '../../harness/activities.js';
import { expectedEstate, expectedMatches, totals } from '../findings/support/expected.js';
import { botTestFor, INTERNAL } from './support/bot-test.js';
import { buildOtherTenant } from './support/other-tenant.js';

/**
 * "digest now" on a tenant generated here with a read-only identity of its own, which reads all but
 * one subscription so that its view is recognisable. The bot is given only the tenant file: the
 * reader comes from the tenant the emulator serves.
 */
const SEED = Number(process.env.ANY_TENANT_SEED ?? 4242);
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-any-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withReader = buildOtherTenant(dir, { seed: SEED, reader: true });
const test = botTestFor(withReader, { DIGEST_SCHEDULER: 'off' });

describe('a tenant with its own read-only identity', () => {
  const { lead } = withReader.people;

  test('a channel digest is read as that identity: its subscriptions, its criticals', async ({ teams }) => {
    const readerObjectId = withReader.tenant.principals.find((p) => p.appId === withReader.readerAppId)?.id as string;
    expect(readerObjectId).toBeDefined();
    const estate = expectedEstate(withReader.file, readerObjectId);
    expect(estate.subscriptionNames.length).toBe(withReader.readerSubscriptions.length);
    expect(estate.subscriptionNames.length).toBeLessThan(expectedEstate(withReader.file, lead.aadObjectId).subscriptionNames.length);

    expect((await teams.post(installationUpdate(teams.context, { as: lead, in: 'channel' }))).status).toBeLessThan(300);
    const subscribed = await teams.say('send a daily digest here at 9:00 for all environments Europe/Paris', { as: lead, in: 'channel' });
    expect(subscribed.readable).toMatch(/Subscribed: a digest/);
    expect(subscribed.readable).toContain("Read as ShipShape's read-only identity");

    const digest = await teams.say('digest now', { as: lead, in: 'channel', timeoutMs: 30_000 });
    expect(digest.readable).not.toMatch(INTERNAL);
    expect(digest.readable).toContain("read as ShipShape's read-only identity");
    expect(digest.readable).toMatch(new RegExp(`\\b${estate.subscriptionNames.length} subscriptions? · `));
    const criticals = totals(expectedMatches(estate, ['Critical'])).Critical;
    expect(digest.readable).toMatch(new RegExp(`\\b${criticals} open criticals?\\b`));
  });
});
