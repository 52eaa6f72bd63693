/**
 * How many generated inputs each fuzz target gets. The totals add up to 100,000 at scale 1, most of
 * them on pure functions (fast), fewer through HTTP (each input is a real request). FUZZ_SCALE
 * multiplies every budget: FUZZ_SCALE=10 for a long local run, FUZZ_SCALE=0.1 for a quick one.
 */
export const BUDGET = {
  /** Free text through the parser: no crash, fast, deterministic, consistent. */
  parserText: 15_000,
  /** Sentences made of the bot's own vocabulary through the parser and every command's matcher. */
  parserVocabulary: 8_000,
  /** The same kind of sentences through the router's acknowledgement. */
  routerAcknowledge: 2_000,
  /** Request targets through the emulator's URL splitting and query reading. */
  emulatorTargets: 35_000,
  /** Bodies through the emulator's JSON body parsing. */
  emulatorBodies: 15_000,
  /** Paths through the emulator's router over every ARM route. */
  emulatorRoutes: 22_500,
  /** Card actions, invokes and submits posted to the bot's /api/messages. */
  botInvokes: 1_500,
  /** Raw HTTPS requests to the running emulator. */
  emulatorRequests: 1_000,
} as const;

const raw = Number(process.env.FUZZ_SCALE ?? '1');
export const FUZZ_SCALE = Number.isFinite(raw) && raw > 0 ? raw : 1;

/** The number of inputs for a target at the current scale (at least 10). */
export function runs(target: keyof typeof BUDGET): number {
  return Math.max(10, Math.round(BUDGET[target] * FUZZ_SCALE));
}

/**
 * A fixed seed, so CI runs are repeatable and a failure replays locally; FUZZ_SEED=<n> picks another,
 * FUZZ_SEED=random a new one per run (fast-check prints it with any failure).
 */
const seedText = process.env.FUZZ_SEED ?? '20260101';
export const SEED = seedText === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedText);
