import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../src/commands/index.js';
import type { CardReply } from '../../src/commands/types.js';
import { FakeAccessPort, NO_ACCESS, context } from '../unit/commands/support/context.js';
import { CORPUS } from './corpus.js';
import { ratesByCommand, score } from './score.js';

/**
 * The labelled corpus: every phrasing reaches its command with its slots (a miss is a regression),
 * every command is understood at 97 % or better, and text nothing claims gets suggestions.
 */
const ISSUE_SENTENCES = [
  'is log4shell anywhere in prod',
  'log4j in prod',
  'whats runnin payments api 1.4.2',
  'critical vulns in prod that are running and internet facing',
  'which registries have admin user enabled',
  'any privileged containers in prod?',
  'check ACR config in production',
  'are prod ACRs using private link?',
  'which images have CVE\u20102024\u20103094',
  'CVE-2021-44228 in prod',
  'what changed since yesterday',
  'who can approve this?',
];

describe('the labelled corpus', () => {
  test('holds at least 400 phrasings, every command of ShipShape and every sentence of the brief', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(400);
    const labelled = new Set(CORPUS.map((e) => e.command));
    for (const command of commands) expect(labelled, command.name).toContain(command.name);
    const texts = new Set(CORPUS.map((e) => e.text));
    for (const sentence of ISSUE_SENTENCES) expect(texts, sentence).toContain(sentence);
  });

  test.for(CORPUS.map((e) => [e.command, e.text] as const))('%s ← %s', ([, text]) => {
    const entry = CORPUS.find((e) => e.text === text);
    if (!entry) throw new Error(`not in the corpus: ${text}`);
    const outcome = score(entry);
    expect({ command: outcome.got, wrongSlots: outcome.wrongSlots }).toEqual({ command: entry.command, wrongSlots: [] });
  });

  test('every command is understood at 97 % or better', () => {
    for (const [command, { right, total }] of ratesByCommand()) expect(right / total, `${command}: ${right}/${total}`).toBeGreaterThanOrEqual(0.97);
  });

  test('text nothing claims gets the three nearest suggestions', async () => {
    const router = createCommandRouter(commands);
    for (const entry of CORPUS.filter((e) => e.command === 'suggestions')) {
      const reply = (await router.handleText(entry.text, context({ access: new FakeAccessPort(NO_ACCESS) }))) as CardReply;
      expect(reply.template).toBe('suggestions');
      expect((reply.data.suggestions as unknown[]).length).toBe(3);
    }
  });
});
