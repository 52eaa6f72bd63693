import type { FindingsService } from '../domain/findings/index.js';
import type { AccessPort, UserIdentity } from '../domain/identity.js';
import type { ParsedText } from '../domain/language/index.js';
import type { DigestCommandsPort } from '../domain/digest/ports.js';
import type { CompliancePort } from '../domain/compliance/index.js';
import type { FixProposalStore, PosturePort } from '../domain/posture/index.js';
import type { GuardrailsService } from '../domain/guardrails/index.js';
import type { ActServices } from '../domain/approvals/index.js';
import type { SuppressionStore } from '../domain/suppressions/index.js';
import type { ChangesPort } from '../domain/changes/index.js';

export interface ConversationInfo { id: string; type: 'personal' | 'groupChat' | 'channel'; tenantId?: string; teamId?: string; channelId?: string; /* the message a card action came from */ replyToId?: string }
/** Ends a person's sign-in: the token service forgets their token, the bot its cached Azure credential. */
export interface SessionPort {
  signOut(user: UserIdentity): Promise<{ tokenService: boolean }>;
}

/** What commands reach the outside world through; a port is absent when the installation lacks it. */
export interface CommandServices {
  access: AccessPort;
  findings?: FindingsService;
  posture?: PosturePort;
  compliance?: CompliancePort;
  fixProposals?: FixProposalStore;
  guardrails?: GuardrailsService;
  /** Approvals, the audit trail and the Azure targets of changes. */
  act?: ActServices;
  suppressions?: SuppressionStore;
  digests?: DigestCommandsPort;
  /** Daily fingerprint snapshots of each person's view, for "what changed since …". */
  changes?: ChangesPort;
  /** Sign-in state, for "sign out". */
  session?: SessionPort;
}
export interface CommandContext { user: UserIdentity; conversation: ConversationInfo; services: CommandServices; now: () => Date; botVersion: string }
export interface CardReply { kind: 'card'; template: string /* file name in cards/ without .json */; data: Record<string, unknown>; summary: string /* plain-text fallback & notification preview */; list?: { field: string /* array property in data to page */; pageSize: number } }
export interface TextReply { kind: 'text'; text: string }
export type Reply = CardReply | TextReply;
export interface ActionResult { reply: Reply; /* how the card updates */ refresh: 'everyone' | 'clicker' | 'new-message' }

/** Where a command shows up in help: questions, changes (with approval), scheduled messages, the rest. */
export type CommandGroup = 'ask' | 'act' | 'hear' | 'basics';

/**
 * Handles one card verb (`<command>.<action>`). `data` is whatever the card carried, untrusted: it
 * holds ids only, and the handler loads state, re-checks authorization and is idempotent.
 */
export type ActionHandler = (ctx: CommandContext, data: Record<string, unknown>) => Promise<ActionResult>;

export interface CommandSpec {
  /** Lower-case, unique; also the prefix of the command's card verbs. */
  name: string;
  /** Short, for help and the Teams command menu ("Who am I"). */
  title: string;
  /** One sentence on what it answers or does. */
  description: string;
  group: CommandGroup;
  /** Real phrasings; the first one or two appear in help, all of them feed "did you mean". */
  examples: readonly string[];
  /** 0..1: how sure this command is that the text is meant for it. */
  match(parsed: ParsedText): number;
  run(ctx: CommandContext, parsed: ParsedText): Promise<Reply>;
  /** Card verbs by suffix: `{ approve: … }` on command `approval` handles `approval.approve`. */
  actions?: Readonly<Record<string, ActionHandler>>;
}

export type Command = Readonly<CommandSpec>;

export interface CommandRouter {
  /** Understands free text and answers it; unknown text gets suggestions, never silence. */
  handleText(text: string, ctx: CommandContext): Promise<Reply>;
  /** Runs a card verb; unknown verbs and malformed data throw UserError. */
  handleAction(verb: string, data: Record<string, unknown>, ctx: CommandContext): Promise<ActionResult>;
  /** Every command, in help order. */
  list(): readonly Command[];
  /**
   * The "Working on it…" card for a question, naming what was understood, for the bot to show while
   * the answer is on its way.
   */
  acknowledge(text: string, ctx: CommandContext): CardReply;
}
