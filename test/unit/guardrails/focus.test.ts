import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply } from '../../../src/commands/types.js';
import { guardrailsContext } from './support/card-scenarios.js';

/** A guardrail asked about on its own gets its own list, not the whole check. */
const router = createCommandRouter(commands);

async function ask(text: string): Promise<CardReply> {
  return (await router.handleText(text, guardrailsContext())) as CardReply;
}

describe('focused guardrail questions', () => {
  test('"any privileged containers in prod?" lists the privileged ones first, with why', async () => {
    const reply = await ask('any privileged containers in prod?');
    expect(reply.template).toBe('guardrails-focus');
    expect(reply.data.title).toBe('Privileged containers · prod');
    const rows = reply.data.workloads as { name: string; items: { text: string }[] }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.items.every((i) => /privileged/.test(i.text)), row.name).toBe(true);
    expect(String(reply.data.why)).toMatch(/^Why it matters: /);
  });

  test.for<[string, string]>([
    ['which prod workloads are not logged to log analytics', 'Not monitored · prod'],
    ['are we logging container activity in prod', 'Not monitored · prod'],
    ['any prod containers running as root?', 'Privileged containers · prod'],
    ['which prod containers pull with a username and password', 'Pulling with a registry password · prod'],
  ])('%s → %s', async ([text, title]) => {
    const reply = await ask(text);
    expect(reply.data.title).toBe(title);
  });

  test('the general question stays general', async () => {
    const reply = await ask('are our prod workloads following the guidance?');
    expect(reply.template).toBe('guardrails');
  });
});
