import type { AddressInfo } from 'node:net';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import restify from 'restify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { TEAM } from './activities.js';
import { startConnector, type Connector } from './connector.js';
import { personas, rosterFor } from './personas.js';
import { TeamsClient } from './teams-client.js';

/**
 * The harness checked against botbuilder's real CloudAdapter: a throwaway bot that types, sends a
 * placeholder, replaces it with a card, looks the sender up with TeamsInfo and answers card clicks.
 * If Teams-shaped activities or the connector drift from what botbuilder expects, this fails first.
 */
class ProbeBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? '';
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const placeholder = await context.sendActivity('Working on it…');
      const card = CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: `${text} for ${member.name} (${member.userPrincipalName})`, wrap: true }],
        actions: [{ type: 'Action.Execute', title: 'Again', verb: 'probe.again', data: { n: 1 } }],
      });
      await context.updateActivity({ type: 'message', id: placeholder?.id, attachments: [card] });
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(_context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `clicked ${value.action.verb}` }] };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  }
}

let connector: Connector;
let server: restify.Server;
let client: TeamsClient;

beforeAll(async () => {
  connector = await startConnector({
    roster: rosterFor(),
    teams: [{ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, channels: [TEAM.channel] }],
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ProbeBot();
  server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new TeamsClient(botUrl, connector, { serviceUrl: connector.url, tenantId: 'tenant-1', bot: { id: '28:probe', name: 'ShipShape' } });
});

afterAll(async () => {
  await connector.close();
  server.close();
});

beforeEach(() => connector.reset());

describe('TeamsClient + connector against a real CloudAdapter', () => {
  test.for(['personal', 'groupChat', 'channel'] as const)('say() in %s returns the card that replaced the placeholder', async (scope) => {
    const reply = await client.say('status', { as: personas.diego, in: scope });

    expect(reply.entries.map((e) => `${e.kind}:${String(e.activity.type)}`)).toEqual(['reply:typing', 'reply:message', 'update:message']);
    expect(reply.messages).toHaveLength(1);
    // The mention was stripped by botbuilder, and TeamsInfo found Diego in the roster (by team id in channels).
    expect(reply.readable).toContain(`status for ${personas.diego.name} (${personas.diego.userPrincipalName})`);
    expect(reply.readable).toContain('Again');
  });

  test('channel replies go to the thread, URL-decoded with ;messageid= kept', async () => {
    const reply = await client.say('status', { in: 'channel' });
    const threadId = String((reply.incoming.conversation as { id: string }).id);

    expect(threadId).toMatch(/^19:.+@thread\.tacv2;messageid=\d+$/);
    for (const entry of reply.entries) expect(entry.conversationId).toBe(threadId);
  });

  test('click() returns the synchronous invoke body', async () => {
    const body = await client.click('probe.again', { n: 1 }, { as: personas.mei });

    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(body.value)).toContain('clicked probe.again');
  });
});

describe('connector routes', () => {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${connector.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  test('members are found by channel id, object id or UPN; strangers get a Bot Framework 404', async () => {
    const byId = await call('GET', `/v3/conversations/${encodeURIComponent(TEAM.id)}/members/${encodeURIComponent(personas.priya.id)}`);
    const byOid = await call('GET', `/v3/conversations/a%3A1/members/${personas.priya.aadObjectId}`);
    const missing = await call('GET', '/v3/conversations/a%3A1/members/29%3Anobody');

    expect(byId.json).toMatchObject({ id: personas.priya.id, aadObjectId: personas.priya.aadObjectId });
    expect(byOid.json.id).toBe(personas.priya.id);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { code: 'MemberNotFoundInConversation', message: expect.any(String) } });
  });

  test('team details, created conversations and deletes are answered and recorded', async () => {
    const team = await call('GET', `/v3/teams/${encodeURIComponent(TEAM.id)}`);
    const created = await call('POST', '/v3/conversations', { isGroup: false, members: [{ id: personas.sam.id }], activity: { type: 'message', text: 'hi' } });
    const deleted = await call('DELETE', '/v3/conversations/a%3A1/activities/123');

    expect(team.json).toEqual({ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId });
    expect(created.status).toBe(201);
    expect(created.json.id).toMatch(/^a:/);
    expect(deleted.status).toBe(200);
    expect(connector.sent.map((e) => e.kind)).toEqual(['create', 'delete']);
    expect(connector.current('123')).toBeUndefined();
  });

  test('unknown routes are 404 and listed for diagnosis', async () => {
    const result = await call('GET', '/v3/attachments/xyz');

    expect(result.status).toBe(404);
    expect(connector.unhandled).toEqual(['GET /v3/attachments/xyz']);
  });

  test('waitFor resolves on a later activity and times out with a summary', async () => {
    const waiting = connector.waitFor((e) => e.activity.text === 'later', { timeoutMs: 2_000 });
    await call('POST', '/v3/conversations/a%3A1/activities', { type: 'message', text: 'earlier' });
    await call('POST', '/v3/conversations/a%3A1/activities', { type: 'message', text: 'later' });

    await expect(waiting).resolves.toMatchObject({ seq: 1, kind: 'send', conversationId: 'a:1' });
    await expect(connector.waitFor(() => false, { timeoutMs: 50 })).rejects.toThrow(/nothing matched within 50 ms[\s\S]*#0 send message a:1/);
    await expect(connector.waitFor((e) => e.activity.text === 'earlier', { since: 1, timeoutMs: 50 })).rejects.toThrow();
  });
});
