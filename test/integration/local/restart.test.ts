import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { armClientOptions } from '../../../src/azure/clients.js';
import { OnBehalfOfCredentialFactory } from '../../../src/azure/credentials.js';
import { EmulatorSsoAssertions } from '../../../src/azure/user-assertion.js';
import { startLocalStack, type LocalStack } from '../../../src/local/local-stack.js';
import { readableText } from '../../harness/cards.js';
import { TEAM } from '../../harness/activities.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { personas, readTenant, rosterFor, type Persona } from '../../harness/personas.js';
import { TeamsClient } from '../../harness/teams-client.js';
import { approvalIdOf, invokeCard, messageIdOf } from '../approvals/support/cards.js';

/**
 * `npm start` restarted on the same data folder: a change approved before the restart is still in
 * Azure, and ShipShape's audit log still has it; `--fresh` starts both over from the tenant file.
 * Runs the launcher's own stack (emulator with saved state + bot + log formatting), Teams played by
 * the test connector.
 */

let dir: string;
let connector: Connector;
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shipshape-local-'));
  connector = await startConnector({ roster: rosterFor(), teams: [{ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, channels: [TEAM.channel] }] });
});
afterAll(async () => {
  await connector?.close();
  await rm(dir, { recursive: true, force: true });
});

async function withLocal<T>(fresh: boolean, use: (stack: LocalStack, teams: TeamsClient) => Promise<T>): Promise<T> {
  const env = { DATA_DIR: dir, PORT: '0', EMULATOR_PORT: '0', PLAYGROUND: 'off', LOG_LEVEL: 'info' };
  const stack = await startLocalStack({ env, fresh, print: (line) => lines.push(line) });
  try {
    const teams = new TeamsClient(stack.botUrl, connector, {
      serviceUrl: connector.url,
      tenantId: stack.emulator.tenantId,
      bot: { id: `28:${stack.config.azure.clientId}`, name: 'ShipShape' },
    });
    return await use(stack, teams);
  } finally {
    await stack.close();
  }
}

async function adminUserOf(stack: LocalStack, persona: Persona): Promise<boolean | undefined> {
  const { azure } = stack.config;
  const credential = await new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, stack.emulator.caCertPem)).forUser({
    channelUserId: persona.id,
    aadObjectId: persona.aadObjectId,
  });
  const dev = readTenant().resources.find((r) => String(r.id).toLowerCase().endsWith('/registries/contosodev'));
  const [, , subscriptionId = '', , resourceGroup = ''] = String(dev?.id).split('/');
  const client = new ContainerRegistryManagementClient(credential, subscriptionId, armClientOptions(azure));
  return (await client.registries.get(resourceGroup, 'contosodev')).adminUserEnabled;
}

describe('npm start, restarted', () => {
  test('an approved change is still in Azure and in the audit log after a restart; --fresh starts over', async () => {
    await withLocal(false, async (stack, teams) => {
      expect(await adminUserOf(stack, personas.priya)).toBe(true);
      const asked = await teams.say('disable the admin user on registry contosodev because shared credentials leak', { as: personas.diego, in: 'groupChat' });
      const body = (await teams.click('approval.approve', { approvalId: approvalIdOf(asked.card) }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(asked) })) as { value?: unknown };
      const approved = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
      expect(approved).toMatch(/Done: approved by Priya Raman/);
      expect(await adminUserOf(stack, personas.priya)).toBe(false);
    });
    // One readable line per turn on the terminal: who, what, what the bot answered with, how long, outcome.
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d {2}Diego Alvarez: “disable the admin user on registry contosodev because [^”]*…” → \S+ {2}[\d.]+ m?s {2}ok$/));
    expect(lines).toContainEqual(expect.stringMatching(/Priya Raman: clicked approval\.approve → \S+ {2}[\d.]+ m?s {2}ok$/));

    await withLocal(false, async (stack, teams) => {
      expect(stack.emulator.state?.restored).toBe(1);
      expect(await adminUserOf(stack, personas.priya)).toBe(false);
      const audit = await teams.say('show the audit log', { as: personas.priya });
      expect(audit.readable).toMatch(/contosodev/);
    });

    await withLocal(true, async (stack, teams) => {
      expect(lines).toContainEqual(expect.stringMatching(/^Starting fresh: Azure back to .*contoso\.json, ShipShape's store .*shipshape\.db emptied\.$/));
      expect(await adminUserOf(stack, personas.priya)).toBe(true);
      const audit = await teams.say('show the audit log', { as: personas.priya });
      expect(audit.readable).not.toMatch(/contosodev/);
    });
  }, 120_000);
});
