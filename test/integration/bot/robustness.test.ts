import { describe, expect } from 'vitest';
import { invoke, message, type TeamsContext } from '../../harness/activities.js';
import { cardText } from '../../harness/cards.js';
import type { Json } from '../../harness/connector.js';
import { botTest as test } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import type { PostResult } from '../../harness/teams-client.js';

/** Whatever arrives, the answer is a 4xx or a polite reply: never a 500, never a stack trace. */
const GENERIC_FAILURE = /something went wrong/i;
const STACK_TRACE = /\n\s+at\s|\.(?:ts|js):\d+:\d+|node_modules/;
// C0/C1 controls and the bidi overrides/isolates that can make echoed text read differently than it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectRefused(result: PostResult): void {
  expect(result.status, result.body).toBeGreaterThanOrEqual(400);
  expect(result.status, result.body).toBeLessThan(500);
  expect(result.body).not.toMatch(STACK_TRACE);
}

describe('malformed activities are refused with a 4xx', () => {
  const valid = (t: { context: TeamsContext }): Json => message(t.context, { text: 'help', as: personas.priya });
  const cases: [string, (a: Json) => unknown][] = [
    ['without from', ({ from: _from, ...rest }) => rest],
    ['without conversation', ({ conversation: _conversation, ...rest }) => rest],
    ['with from.id a number', (a) => ({ ...a, from: { id: 42 } })],
    ['with conversation a string', (a) => ({ ...a, conversation: 'a:1' })],
    ['with type a number', (a) => ({ ...a, type: 7 })],
    ['without type', ({ type: _type, ...rest }) => rest],
    ['with text an object', (a) => ({ ...a, text: { evil: true } })],
    ['without serviceUrl', ({ serviceUrl: _serviceUrl, ...rest }) => rest],
    ['as a JSON array', (a) => [a]],
    ['as JSON null', () => null],
  ];

  test.for(cases)('an activity %s', async ([, mutate], { teams }) => {
    expectRefused(await teams.post(mutate(valid(teams))));
  });

  test('a body that is not JSON', async ({ teams }) => {
    expectRefused(await teams.post('{"type": "message", "text": '));
  });

  test('an empty body', async ({ teams }) => {
    expectRefused(await teams.post(''));
  });

  test('a body sent as text/plain', async ({ teams }) => {
    expectRefused(await teams.post(JSON.stringify(valid(teams)), { contentType: 'text/plain' }));
  });

  test('a body far larger than any Teams activity', async ({ teams }) => {
    const huge = message(teams.context, { text: 'x'.repeat(2 * 1024 * 1024), as: personas.priya });
    expectRefused(await teams.post(huge));
  });
});

describe('odd but well-formed input gets a polite reply', () => {
  test('an activity type Teams does not send is accepted and ignored', async ({ teams, stack }) => {
    const result = await teams.post({ ...message(teams.context, { text: 'help', as: personas.priya }), type: 'frobnication' });

    expect(result.status).toBeLessThan(300);
    expect(stack.connector.sent.filter((e) => e.activity.type === 'message')).toEqual([]);
  });

  test('a 100 KB message is answered briefly, not parsed or echoed', async ({ say }) => {
    const text = 'which prod images have criticals '.repeat(3200).slice(0, 100 * 1024);
    const reply = await say(text);

    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    expect(reply.readable.length).toBeLessThan(4_000);
  });

  test('control characters are neither fatal nor echoed back', async ({ say }) => {
    const reply = await say('\u0000\u0007he\u001b[31mlp\u0008 wh\u007foami\u000b\u202e');

    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    expect(reply.readable).not.toMatch(CONTROL);
  });

  test('an invoke ShipShape does not implement gets a 4xx, not a 500', async ({ teams }) => {
    const result = await teams.invoke('composeExtension/frobnicate', { anything: true });
    expectRefused(result);
  });

  test('a card action with a verb nobody registered is answered with a polite card', async ({ click }) => {
    const body = await click('nothing.here', { id: 'x' });

    expect(body.statusCode).toBe(200);
    const text = cardText(body.value);
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(GENERIC_FAILURE);
  });

  test('an adaptiveCard/action without an action gets a 4xx or a polite card', async ({ teams }) => {
    const result = await teams.post(invoke(teams.context, { name: 'adaptiveCard/action', value: { trigger: 'manual' }, as: personas.diego }));

    if (result.status === 200) {
      const body = result.json as { statusCode?: number; value?: unknown };
      expect(body.statusCode).toBeLessThan(500);
      expect(cardText(body.value)).not.toMatch(GENERIC_FAILURE);
    } else {
      expectRefused(result);
    }
  });

  test('a card action whose data is not an object does not fail the turn', async ({ teams }) => {
    const activity = invoke(teams.context, {
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'page.more', data: 'oops' }, trigger: 'manual' },
      as: personas.priya,
    });
    const result = await teams.post(activity);

    expect(result.status).toBeLessThan(500);
    expect(result.body).not.toMatch(STACK_TRACE);
  });

  test('after all of that the bot is still alive', async ({ teams }) => {
    const health = await teams.get('/healthz');
    expect(health.status).toBe(200);
    const reply = await teams.say('help');
    expect(reply.card).toBeDefined();
  });
});
