import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { TurnReport } from '../observability/turn-telemetry.js';
import { createLogger, type Logger } from './logger.js';

/**
 * The local terminal (`npm start`): one readable line per turn, plus a short line for each error;
 * the JSON log lines go to a file in the data folder. `LOG_FORMAT=json` puts them on stdout instead.
 */

const MAX_TEXT = 60;
/** pino's level number for `error`. */
const ERROR_LEVEL = 50;

function clock(at: Date): string {
  return at.toTimeString().slice(0, 8);
}

function quoted(text: string): string {
  return `“${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text}”`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line for a turn, or undefined for turns nobody asked anything in (typing, joins, installs). */
export function formatTurn(turn: TurnReport, at = new Date()): string | undefined {
  const asked = turn.text !== undefined ? quoted(turn.text) : turn.verb !== undefined ? `clicked ${turn.verb}` : undefined;
  if (asked === undefined && turn.outcome === 'ok') return undefined;
  const who = turn.from ?? 'someone';
  const what = asked ?? turn.type;
  const answer = turn.answer ? ` → ${turn.answer}` : '';
  const outcome = turn.outcome === 'ok' ? 'ok' : `failed (HTTP ${turn.status})`;
  return `${clock(at)}  ${who}: ${what}${answer}  ${seconds(turn.durationMs)}  ${outcome}`;
}

/** The error lines among pino's output, as `! message (ref …)`. */
function errorLines(chunk: string): string[] {
  const lines: string[] = [];
  for (const line of chunk.split('\n')) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; ref?: string };
      if ((entry.level ?? 0) >= ERROR_LEVEL) lines.push(`! ${entry.msg ?? 'error'}${entry.ref ? ` (ref ${entry.ref})` : ''}`);
    } catch {
      // Not pino's JSON: nothing to show.
    }
  }
  return lines;
}

export interface TerminalLogging {
  log: Logger;
  /** Set in text mode: prints each turn's line. */
  onTurn?: (turn: TurnReport) => void;
  /** Where the JSON lines go in text mode. */
  file?: string;
  close(): Promise<void>;
}

export function terminalLogging(options: { format: 'text' | 'json'; level: string; dataDir: string; print: (line: string) => void }): TerminalLogging {
  if (options.format === 'json') return { log: createLogger(options.level), close: async () => undefined };
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'shipshape.log');
  const out: WriteStream = createWriteStream(file, { flags: 'a' });
  const tee = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = String(chunk);
      for (const line of errorLines(text)) options.print(line);
      out.write(text, done);
    },
  });
  return {
    log: createLogger(options.level, tee),
    onTurn: (turn) => {
      const line = formatTurn(turn);
      if (line !== undefined) options.print(line);
    },
    file,
    close: () => new Promise<void>((resolve) => out.end(() => resolve())),
  };
}
