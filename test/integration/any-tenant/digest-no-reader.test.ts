import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { installationUpdate } from '../../harness/activities.js';
import { expectedEstate } from '../findings/support/expected.js';
import { botTestFor, INTERNAL } from './support/bot-test.js';
import { buildOtherTenant } from './support/other-tenant.js';

/**
 * "digest now" on a tenant generated here without any read-only identity: digests default to the
 * subscriber's own access, and asking for the bot's identity is answered in plain words.
 */
const SEED = Number(process.env.ANY_TENANT_SEED ?? 4242);
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-any-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutReader = buildOtherTenant(dir, { seed: SEED + 1, reader: false });
const test = botTestFor(withoutReader, { DIGEST_SCHEDULER: 'off' });

describe('a tenant without a read-only identity', () => {
  const { lead } = withoutReader.people;

  test('the tenant really has none', () => {
    expect(withoutReader.readerAppId).toBeUndefined();
    expect(withoutReader.tenant.principals.every((p) => p.type === 'User')).toBe(true);
  });

  test('a digest defaults to the subscriber’s own access and posts, with no internal error', async ({ teams }) => {
    expect((await teams.post(installationUpdate(teams.context, { as: lead, in: 'channel' }))).status).toBeLessThan(300);
    const subscribed = await teams.say('send a daily digest here at 9:00 for all environments Europe/Paris', { as: lead, in: 'channel' });
    expect(subscribed.readable).not.toMatch(INTERNAL);
    expect(subscribed.readable).toContain(`Read with ${lead.name}'s own access`);

    const digest = await teams.say('digest now', { as: lead, in: 'channel', timeoutMs: 30_000 });
    expect(digest.readable).not.toMatch(INTERNAL);
    expect(digest.readable).toContain(`read with ${lead.name}'s own access`);
    const estate = expectedEstate(withoutReader.file, lead.aadObjectId);
    expect(digest.readable).toMatch(new RegExp(`\\b${estate.subscriptionNames.length} subscriptions? · `));
  });

  test('asking for the bot’s own identity is answered in plain words, and nothing is subscribed with it', async ({ teams }) => {
    const reply = await teams.say('send a daily digest here at 9:00 for prod Europe/Paris as the bot', { as: lead, in: 'groupChat' });
    expect(reply.readable).not.toMatch(INTERNAL);
    expect(reply.readable).toMatch(/no read-only identity/i);
    expect(reply.readable).not.toMatch(/Subscribed/);
  });
});
