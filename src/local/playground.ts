import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MAX_PERSONAS, writePlaygroundConfig, type PlaygroundPersona } from './playground-config.js';

/**
 * Runs the Microsoft 365 Agents Playground (a local Teams look-alike) against the bot, on loopback
 * only, without telemetry, with the emulated tenant's people as its users. Development use only.
 */

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** 0 picks a free port. */
  port: number;
  tenantId: string;
  /** The first is the signed-in user (unless `signedIn` names another); up to five more. */
  personas: PlaygroundPersona[];
  /**
   * Who is signed in: a persona's id, object id or display name (case-insensitive). The Playground
   * (0.2.28) sends every message as its configured current user and cannot switch at run time, so
   * "switching user" means starting it again with another one signed in.
   */
  signedIn?: string;
  /** Where the config and the Playground's log go (also its working directory). */
  configDir: string;
  log: (line: string) => void;
  /** Default 127.0.0.1. */
  host?: string;
  bot?: { id: string; name: string };
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** The page to open, e.g. http://127.0.0.1:56150/ */
  url: string;
  port: number;
  /** Where the bot sends replies (the Playground's mock connector). */
  serviceUrl: string;
  configPath: string;
  logFile: string;
  stop(): Promise<void>;
}

const requireFromHere = createRequire(import.meta.url);
const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'loopback-preload.mjs');

/** A free port on `host` (0 asks the OS), or an error naming the busy one. */
async function reservePort(host: string, port: number): Promise<number> {
  const server = createServer();
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw new Error(`Port ${port} on ${host} is not available for the Agents Playground (${(error as Error).message}).`);
  }
  const address = server.address();
  server.close();
  await once(server, 'close');
  return typeof address === 'object' && address ? address.port : port;
}

function signInFirst(personas: PlaygroundPersona[], signedIn: string | undefined): PlaygroundPersona[] {
  if (!signedIn) return personas;
  const wanted = signedIn.trim().toLowerCase();
  // Exact id or name first; then a first name ("diego") when it names exactly one person.
  const exact = personas.find((p) => [p.id, p.aadObjectId, p.name].some((v) => v.toLowerCase() === wanted));
  const byWord = personas.filter((p) => p.name.toLowerCase().split(/\s+/).includes(wanted));
  const chosen = exact ?? (byWord.length === 1 ? byWord[0] : undefined);
  if (!chosen) throw new Error(`No Playground persona matches "${signedIn}"; known: ${personas.map((p) => p.name).join(', ')}.`);
  return [chosen, ...personas.filter((p) => p !== chosen)];
}

async function terminate(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const host = options.host ?? '127.0.0.1';
  const ordered = signInFirst(options.personas, options.signedIn);
  // The Playground has room for the signed-in user and five others; a big tenant shows its first six.
  const personas = ordered.slice(0, MAX_PERSONAS);
  const left = ordered.slice(MAX_PERSONAS).map((p) => p.name);
  if (left.length > 0) options.log(`Agents Playground: room for ${MAX_PERSONAS} users; left out ${left.join(', ')}`);
  const configPath = await writePlaygroundConfig(options.configDir, {
    tenantId: options.tenantId,
    personas,
    ...(options.bot ? { bot: options.bot } : {}),
  });
  const logFile = path.join(options.configDir, 'playground.log');
  const port = await reservePort(host, options.port);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const serviceUrl = `${origin}/_connector`;

  const cli = requireFromHere.resolve('@microsoft/m365agentsplayground/cli.js');
  // A fresh environment: the Playground needs none of the bot's settings or secrets.
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(PRELOAD).href, cli, '-e', options.botEndpoint, '-c', 'msteams', '-p', String(port), '--service-url', serviceUrl, '--dt'],
    {
      cwd: options.configDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        SHIPSHAPE_LISTEN_HOST: host,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      },
    },
  );
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    options.log(`playground: ${line}`);
  });

  const listening = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const match = /^Listening on (\d+)/.exec(line.trim());
      if (match) resolve(Number(match[1]));
      else if (line.trim()) options.log(`playground: ${line}`);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`The Agents Playground exited (${signal ?? `code ${code}`}) before listening: ${stderrTail.join(' | ') || `see ${logFile}`}`)),
    );
  });
  // Settled once; a later exit (after stop or a timeout) must not surface as an unhandled rejection.
  listening.catch(() => undefined);
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The Agents Playground did not start within ${timeoutMs} ms (log: ${logFile})`)), timeoutMs);
  });

  try {
    const actual = await Promise.race([listening, timeout]);
    // It silently moves to a random port when ours was taken in the meantime; the service URL would then be wrong.
    if (actual !== port) throw new Error(`The Agents Playground took port ${actual} instead of ${port}.`);
    const response = await fetch(`${origin}/_internal/v1/config`);
    const body = (await response.json()) as { config?: { tenantId?: string } };
    if (!response.ok || body.config?.tenantId !== options.tenantId) {
      throw new Error(`The Agents Playground did not load ${configPath} (HTTP ${response.status}).`);
    }
  } catch (error) {
    await terminate(child);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  options.log(`Agents Playground: ${origin}/ (users from ${configPath})`);

  return { url: `${origin}/`, port, serviceUrl, configPath, logFile, stop: () => terminate(child) };
}
