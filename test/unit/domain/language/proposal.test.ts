import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../../src/commands/index.js';
import type { CardReply } from '../../../../src/commands/types.js';
import { validateProposal, type ParseProposer } from '../../../../src/domain/language/index.js';
import { context } from '../../commands/support/context.js';

/** The seam for a future language model: proposals pass the parser's slot schema or are dropped. */
const names = commands.map((c) => c.name);

describe('proposed parses', () => {
  test('a proposal in the schema is kept; anything else is dropped', () => {
    expect(validateProposal({ command: 'findings', entities: { environments: ['prod'], severities: ['Critical'] } }, names)).toEqual({ command: 'findings', slots: { environments: ['prod'], severities: ['Critical'] } });
    expect(validateProposal({ command: 'findings', entities: { environments: ['production'] } }, names)).toBeUndefined();
    expect(validateProposal({ command: 'cve', entities: { cves: ['CVE-21-1'] } }, names)).toBeUndefined();
    expect(validateProposal({ command: 'drop-tables', entities: {} }, names)).toBeUndefined();
    expect(validateProposal({ command: 'findings', entities: { registry: 'x; rm -rf' } }, names)).toBeUndefined();
    expect(validateProposal({ command: 'findings', entities: { invented: true } }, names)).toBeUndefined();
  });

  test('the router asks only when nothing claims the text, and never runs an invalid proposal', async () => {
    const asked: string[] = [];
    const proposer = (answer: { command: string; entities: Record<string, unknown> }): ParseProposer => ({
      propose: async (parsed) => {
        asked.push(parsed.text);
        return answer as never;
      },
    });
    const bad = createCommandRouter(commands, { proposer: proposer({ command: 'whoami', entities: { cves: ['nope'] } }) });
    expect(((await bad.handleText('zzkq vvbn', context())) as CardReply).template).toBe('suggestions');
    const good = createCommandRouter(commands, { proposer: proposer({ command: 'ping', entities: {} }) });
    expect(((await good.handleText('zzkq vvbn', context())) as CardReply).template).not.toBe('suggestions');
    await good.handleText('ping', context());
    expect(asked).toEqual(['zzkq vvbn', 'zzkq vvbn']);
  });
});
