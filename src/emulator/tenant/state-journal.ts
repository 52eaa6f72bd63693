import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { IndexedResourceStore, StoreChange } from './resource-store.js';

/**
 * Keeps the emulator's changes across restarts, as Azurite keeps its location folder. Every put and
 * delete made after the tenant file is loaded is appended to a journal (and flushed to disk) before
 * it takes effect, and replayed over the tenant file on the next start. Only the delta is written, so
 * a large generated tenant starts as fast as without saved state.
 *
 * The journal is named after the tenant id and a digest of the tenant file's bytes: another tenant
 * file, or the same file edited, starts from its own content and never picks up changes made to a
 * different one.
 */

export interface StateJournalOptions {
  /** The folder the journals live in (created when missing). */
  dir: string;
  tenantId: string;
  /** Identifies the tenant file's content (e.g. a sha256 of its bytes). */
  fingerprint: string;
  /** Start from the tenant file: drops this tenant's saved changes first. */
  fresh?: boolean;
}

export interface StateJournal {
  file: string;
  /** Resources changed since the tenant file, as replayed on start. */
  restored: number;
  close(): void;
}

/** Thrown when the journal cannot be read back; the message says how to start over. */
export class StateJournalError extends Error {
  override name = 'StateJournalError';
}

const FINGERPRINT_CHARS = 16;

function journalPrefix(tenantId: string): string {
  return `${tenantId.toLowerCase()}-`;
}

export function journalFile(dir: string, tenantId: string, fingerprint: string): string {
  return path.join(dir, `${journalPrefix(tenantId)}${fingerprint.slice(0, FINGERPRINT_CHARS)}.jsonl`);
}

function isChange(value: unknown): value is StoreChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as { op?: unknown; id?: unknown; resource?: { id?: unknown } };
  if (change.op === 'delete') return typeof change.id === 'string';
  return change.op === 'put' && typeof change.resource?.id === 'string';
}

/** The journal's changes; a torn last line (the process died mid-write) is dropped, anything else is an error. */
function readJournal(file: string): { changes: StoreChange[]; torn: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { changes: [], torn: false };
    throw error;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const changes: StoreChange[] = [];
  for (const [index, line] of lines.entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (isChange(parsed)) {
      changes.push(parsed);
      continue;
    }
    if (index === lines.length - 1) return { changes, torn: true };
    throw new StateJournalError(`The emulator's saved state ${file} is damaged at line ${index + 1}; start with --fresh to go back to the tenant file.`);
  }
  return { changes, torn: false };
}

/** The last change per id, in the order that replays to the same store. */
function compact(changes: readonly StoreChange[]): StoreChange[] {
  const last = new Map<string, StoreChange>();
  for (const change of changes) {
    const key = (change.op === 'put' ? change.resource.id : change.id).toLowerCase();
    // A delete moves the id to the end: a later put appends it there, as the store itself does.
    if (change.op === 'delete') last.delete(key);
    last.set(key, change);
  }
  return [...last.values()];
}

function writeAtomically(file: string, changes: readonly StoreChange[]): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

function dropSavedState(dir: string, tenantId: string): void {
  const prefix = journalPrefix(tenantId);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.jsonl')) rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * Replays this tenant's saved changes into `store` (just loaded from the tenant file) and records
 * every later change. Call before the emulator serves anything.
 */
export function openStateJournal(store: IndexedResourceStore, options: StateJournalOptions): StateJournal {
  mkdirSync(options.dir, { recursive: true });
  if (options.fresh) dropSavedState(options.dir, options.tenantId);
  const file = journalFile(options.dir, options.tenantId, options.fingerprint);
  const { changes, torn } = readJournal(file);
  for (const change of changes) {
    if (change.op === 'put') store.put(change.resource);
    else store.delete(change.id);
  }
  const compacted = compact(changes);
  if (torn || compacted.length < changes.length) writeAtomically(file, compacted);

  const fd = openSync(file, 'a');
  store.onChange((change) => {
    writeSync(fd, `${JSON.stringify(change)}\n`);
    // On disk before Azure answers: a change the bot records as done survives a crash right after.
    fdatasyncSync(fd);
  });
  let open = true;
  return {
    file,
    restored: compacted.length,
    close: () => {
      if (!open) return;
      open = false;
      store.onChange(undefined);
      closeSync(fd);
    },
  };
}
