import { z } from 'zod';
import { ENVIRONMENTS } from '../environment.js';
import { SEVERITIES } from '../severity.js';
import type { Entities, ParsedText } from './parsed-text.js';

/**
 * The one place a language model could later propose a reading of text the deterministic parser
 * could not place. Nothing proposes today. A proposal is held to the same slot schema as the parser's
 * own output, and its names and ids to the same shapes; whatever fails is dropped, never guessed at.
 */
export interface ParseProposer {
  propose(parsed: ParsedText): Promise<{ command: string; entities: Partial<Entities> } | undefined>;
}

const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;
const NAME = /^[a-z0-9][a-z0-9._/-]{0,127}$/;

/** The slots a proposal may fill: the parser's own, with the same vocabulary and shapes. */
export const SLOT_SCHEMA = z
  .object({
    environments: z.array(z.enum(ENVIRONMENTS as unknown as [string, ...string[]])).max(ENVIRONMENTS.length),
    severities: z.array(z.enum(SEVERITIES as unknown as [string, ...string[]])).max(SEVERITIES.length),
    cves: z.array(z.string().regex(CVE_ID)).max(20),
    registry: z.string().regex(/^[a-z0-9]{5,50}$/),
    repository: z.string().regex(NAME),
    tag: z.string().regex(/^[\w][\w.-]{0,127}$/),
    resourceGroup: z.string().regex(/^[\w.()-]{1,90}$/),
    packages: z.array(z.string().regex(NAME)).max(10),
    ecosystems: z.array(z.string().regex(/^[a-z]{2,12}$/)).max(5),
    conditions: z.array(z.enum(['exploitable', 'known-exploited', 'running', 'internet-facing', 'fixable', 'unfixed'])).max(6),
  })
  .partial()
  .strict();

export type ProposedSlots = z.infer<typeof SLOT_SCHEMA>;

/** The proposal's slots when they fit the schema and it names a known command; undefined otherwise. */
export function validateProposal(
  proposal: { command: string; entities: unknown } | undefined,
  commands: readonly string[],
): { command: string; slots: ProposedSlots } | undefined {
  if (!proposal || !commands.includes(proposal.command)) return undefined;
  const slots = SLOT_SCHEMA.safeParse(proposal.entities);
  return slots.success ? { command: proposal.command, slots: slots.data } : undefined;
}
