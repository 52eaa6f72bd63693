import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { personas } from '../../harness/personas.js';
import { startChatStack, type ChatStack } from '../digest/support/chat-stack.js';

/** The phrasings security engineers reported as misunderstood, asked over the protocol against the emulator. */

let stack: ChatStack;

beforeAll(async () => {
  stack = await startChatStack('shipshape-phrasings-');
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('phrasings that used to fail, answered against the emulator', () => {
  test.for<[string, RegExp]>([
    ['is log4shell anywhere in prod', /Images with Log4Shell \(CVE-2021-44228\)/],
    ['log4j in prod', /package log4j/],
    ['whats runnin payments api 1.4.2', /Where payments\/api:1\.4\.2 runs/],
    ['critical vulns in prod that are running and internet facing', /internet-facing \(public IP\)/],
    ['which registries have admin user enabled', /Only registries with the admin user enabled: \d+ of \d+/],
    ['any privileged containers in prod?', /Privileged containers · prod/],
    ['check ACR config in production', /Registry posture/],
    ['are prod ACRs using private link?', /Only registries with private link|None of the \d+ registries/],
    ['which images have CVE\u20102024\u20103094', /Images with CVE-2024-3094/],
    ['what changed since yesterday', /What changed/],
  ])('%s', { timeout: 60_000 }, async ([text, expected]) => {
    const reply = await stack.bot.teams.say(text, { as: personas.priya });
    expect(reply.readable).not.toMatch(/didn.t catch that/);
    expect(reply.readable).not.toMatch(/registry named/);
    expect(reply.readable).toMatch(expected);
  });
});
