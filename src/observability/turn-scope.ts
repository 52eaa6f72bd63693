import { AsyncLocalStorage } from 'node:async_hooks';
/** The ids every log line of a turn carries, so one turn can be followed across the logs. */
export interface TurnIds {
  /** Short, unique per turn: what an operator greps for. */
  turnId: string;
  /** The Bot Framework activity id, when the activity has one. */
  activityId?: string;
  conversationId?: string;
  /** The trace id (Application Insights' operation id) when tracing is on; otherwise random. */
  correlationId: string;
}

interface TurnScope {
  ids: TurnIds;
  /** Set when the bot met an unexpected error, even though it answered the user politely. */
  failure?: unknown;
  /** What the bot answered with (a card template), for the local terminal's one line per turn. */
  answer?: string;
}

const storage = new AsyncLocalStorage<TurnScope>();

/**
 * Runs `fn` as one turn. Every log line written while it runs, however deep and through whichever
 * logger made by createLogger, carries the turn's ids (src/log/logger.ts reads them here).
 */
export function runInTurn<T>(ids: TurnIds, fn: () => T): T {
  const clean = Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined)) as unknown as TurnIds;
  return storage.run({ ids: clean }, fn);
}

export function currentTurn(): Readonly<TurnIds> | undefined {
  return storage.getStore()?.ids;
}

/** Marks the current turn as failed for metrics and traces; the user was told "something went wrong". */
export function markTurnFailed(error: unknown): void {
  const scope = storage.getStore();
  if (scope) scope.failure = error;
}

export function turnFailure(): unknown {
  return storage.getStore()?.failure;
}

/** Names what the turn answered with (e.g. the card template); only the local terminal line shows it. */
export function noteTurnAnswer(answer: string): void {
  const scope = storage.getStore();
  if (scope) scope.answer = answer;
}

export function turnAnswer(): string | undefined {
  return storage.getStore()?.answer;
}
