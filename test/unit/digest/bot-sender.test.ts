import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BotSender, SendFailure } from '../../../src/proactive/bot-sender.js';

/** A connector answering whatever the test sets, counting requests (to prove nothing is retried behind the queue's back). */
let server: Server;
let answer: { status: number; headers?: Record<string, string>; body: unknown } = { status: 200, body: { id: '1' } };
let hits = 0;
let lastPath = '';
let lastBody: Record<string, unknown> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    lastPath = decodeURIComponent(req.url ?? '');
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      lastBody = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function reference() {
  const { port } = server.address() as AddressInfo;
  return {
    channelId: 'msteams',
    serviceUrl: `http://127.0.0.1:${port}`,
    conversation: { id: '19:general@thread.tacv2', isGroup: true, conversationType: 'channel', name: 'General' },
    bot: { id: '28:bot', name: 'ShipShape' },
  };
}

describe('BotSender', () => {
  const sender = new BotSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');

  test('sends through continueConversationAsync as a new post in the stored conversation', async () => {
    answer = { status: 200, body: { id: 'activity-7' } };
    hits = 0;
    const result = await sender.send(reference(), { type: 'message', text: 'digest' });
    expect(result.activityId).toBe('activity-7');
    expect(hits).toBe(1);
    expect(lastPath).toBe('/v3/conversations/19:general@thread.tacv2/activities');
    expect(lastBody.text).toBe('digest');
  });

  test.for([
    [429, { 'retry-after': '3' }, 3_000, 'Throttled'],
    [403, {}, undefined, 'BotNotInConversationRoster'],
    [502, {}, undefined, 'BadGateway'],
    [412, {}, undefined, 'PreconditionFailed'],
  ] as const)('surfaces HTTP %i once, with Retry-After and the error code, without retrying itself', async ([status, headers, retryAfterMs, code]) => {
    answer = { status, headers, body: { error: { code, message: 'no' } } };
    hits = 0;
    const error = await sender.send(reference(), { type: 'message', text: 'digest' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendFailure);
    expect(error).toMatchObject({ status, retryAfterMs, code });
    expect(hits).toBe(1);
  });

  test('a connector that cannot be reached is a failure without a status', async () => {
    const error = await sender
      .send({ ...reference(), serviceUrl: 'http://127.0.0.1:1' }, { type: 'message', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendFailure);
    expect((error as SendFailure).status).toBeUndefined();
  });
});
