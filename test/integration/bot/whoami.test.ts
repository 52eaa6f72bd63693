import { describe, expect } from 'vitest';
import { message } from '../../harness/activities.js';
import { botTest as test } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { tenantFacts } from '../../harness/tenant-facts.js';

/**
 * "whoami" reads the person's rights from Azure with their own token. Expectations come from the
 * tenant file the emulator serves, so these tests prove the bot asked as the right person.
 */
const tenant = tenantFacts();
const GENERIC_FAILURE = /something went wrong/i;

describe('whoami reads rights as the person who asked', () => {
  test('Priya sees every role the tenant gives her, and where', async ({ say }) => {
    const oid = personas.priya.aadObjectId;
    const roles = tenant.roleNamesOf(oid);
    expect(roles.length, 'the demo tenant gives Priya roles').toBeGreaterThan(0);

    const reply = await say('whoami', { as: personas.priya });

    expect(reply.card).toBeDefined();
    for (const role of roles) expect(reply.readable).toContain(role);
    for (const subscription of tenant.subscriptionNamesOf(oid)) expect(reply.readable).toContain(subscription);
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
  });

  test('Diego sees only his own, narrower rights', async ({ say }) => {
    const diego = personas.diego.aadObjectId;
    const priya = personas.priya.aadObjectId;
    const reply = await say('whoami', { as: personas.diego });

    for (const role of tenant.roleNamesOf(diego)) expect(reply.readable).toContain(role);
    for (const subscription of tenant.subscriptionNamesOf(diego)) expect(reply.readable).toContain(subscription);
    // A resource-scoped grant (AcrPush on one registry) is shown with the resource's name.
    for (const a of tenant.assignmentsOf(diego)) expect(reply.readable).toContain(a.scopeLabel);

    // Subscriptions only Priya can see must not leak into Diego's answer.
    const hidden = tenant.subscriptionNamesOf(priya).filter((s) => !tenant.subscriptionNamesOf(diego).includes(s));
    expect(hidden.length, 'the demo tenant gives Priya subscriptions Diego cannot read').toBeGreaterThan(0);
    for (const subscription of hidden) expect(reply.readable).not.toContain(subscription);
    // Roles only Priya holds (and no role of Diego's contains as a substring) must not appear either.
    const diegoRoles = tenant.roleNamesOf(diego);
    const priyaOnly = tenant.roleNamesOf(priya).filter((r) => !diegoRoles.some((d) => d.includes(r)));
    expect(priyaOnly.length).toBeGreaterThan(0);
    for (const role of priyaOnly) expect(reply.readable).not.toContain(role);
  });

  test('Mei\'s rights arrive through her group and are shown', async ({ say }) => {
    const mei = personas.mei.aadObjectId;
    const assignments = tenant.assignmentsOf(mei);
    expect(assignments.some((a) => a.viaGroup), 'the demo tenant grants Mei through a group').toBe(true);

    const reply = await say('whoami', { as: personas.mei, in: 'groupChat' });

    for (const role of tenant.roleNamesOf(mei)) expect(reply.readable).toContain(role);
  });

  test('Sam, in the tenant with no roles, is told so without any subscription named', async ({ say }) => {
    const sam = personas.sam.aadObjectId;
    expect(tenant.isPrincipal(sam)).toBe(true);
    expect(tenant.assignmentsOf(sam)).toEqual([]);

    const reply = await say('whoami', { as: personas.sam });

    expect(reply.readable).toContain('Sam');
    for (const subscription of tenant.subscriptions.values()) expect(reply.readable).not.toContain(subscription);
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
  });

  test('two people asking in the same channel get different answers', async ({ say }) => {
    const priya = await say('whoami', { as: personas.priya, in: 'channel' });
    const diego = await say('whoami', { as: personas.diego, in: 'channel' });

    expect(priya.readable).not.toEqual(diego.readable);
  });
});

describe('people the tenant does not know', () => {
  test('a Teams user whose object id is not in the tenant gets a plain explanation', async ({ say }) => {
    expect(tenant.isPrincipal(personas.stranger.aadObjectId)).toBe(false);

    const reply = await say('whoami', { as: personas.stranger });

    expect(reply.readable).toMatch(/not known to (?:the|this) (?:Azure )?tenant/i);
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    for (const subscription of tenant.subscriptions.values()) expect(reply.readable).not.toContain(subscription);
  });

  test('an activity without an Entra object id (not a signed-in Teams user) is refused politely', async ({ teams }) => {
    const incoming = message(teams.context, { text: 'whoami', as: personas.priya });
    incoming.from = { id: '29:anonymous', name: 'Someone' };

    const reply = await teams.send(incoming);

    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    expect(reply.readable).not.toContain(personas.priya.name);
    for (const subscription of tenant.subscriptions.values()) expect(reply.readable).not.toContain(subscription);
  });
});
