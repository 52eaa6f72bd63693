// First: keeps one known dependency deprecation off the terminal before anything loads that dependency.
import './quiet-warnings.js';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, environment } from '../config/index.js';
import { TenantFileError } from '../emulator/index.js';
import { StateJournalError } from '../emulator/tenant/state-journal.js';
import { onPort, startLocalStack, PortInUseError, type LocalStack } from './local-stack.js';
import { startPlayground, type RunningPlayground } from './playground.js';
import { tenantPersonas, type PlaygroundPersona } from './playground-config.js';
import { startSwitchPage, type SwitchPage } from './switch-page.js';

/**
 * `npm start`: everything local. The Azure emulator (HTTPS, with its own dev CA), the bot against it,
 * and the Microsoft 365 Agents Playground as a Teams-like client whose users are the tenant's people.
 * Changes approved in Azure and ShipShape's store are kept in the data folder between runs;
 * `npm start -- --fresh` starts both over from the tenant file.
 */

const print = (line: string): void => console.log(line);

function usage(): string {
  return [
    'usage: npm start [-- --fresh]',
    '  --fresh   start over from the tenant file: drop the saved Azure changes and empty the local store',
  ].join('\n');
}

async function startPeople(stack: LocalStack): Promise<{ stop(): Promise<void> }> {
  const { config } = stack;
  const tenant = JSON.parse(readFileSync(config.emulator.tenantFile, 'utf8')) as unknown;
  const people: PlaygroundPersona[] = tenantPersonas(tenant);
  let signedIn = config.playground.user;
  const open = (who: string | undefined): Promise<RunningPlayground> =>
    startPlayground({
      botEndpoint: `${stack.botUrl}/api/messages`,
      port: config.playground.port,
      tenantId: stack.emulator.tenantId,
      personas: people,
      configDir: config.dataDir,
      ...(who ? { signedIn: who } : {}),
      // Its own chatter belongs in the log, not on the terminal.
      log: (line: string) => stack.app.log.info({ source: 'playground' }, line),
    });
  let playground = await open(signedIn);
  // The Playground signs in its first user when nobody is named.
  const current = (): string | undefined => {
    const wanted = signedIn?.trim().toLowerCase() ?? '';
    const exact = people.find((p) => [p.aadObjectId, p.name, p.id].some((v) => v.toLowerCase() === wanted));
    const byWord = people.filter((p) => p.name.toLowerCase().split(/\s+/).includes(wanted));
    return (exact ?? (byWord.length === 1 ? byWord[0] : undefined) ?? people[0])?.aadObjectId;
  };
  let switching = Promise.resolve();
  const switchTo = (objectId: string): Promise<string> => {
    const next = switching.then(async () => {
      await playground.stop();
      signedIn = objectId;
      playground = await open(objectId);
      print(`Signed in to the Playground as ${people.find((p) => p.aadObjectId === objectId)?.name ?? objectId}: reload ${playground.url}`);
      return playground.url;
    });
    switching = next.then(() => undefined, () => undefined);
    return next;
  };
  // Next to the Playground's port, so the page keeps its address between runs.
  const pagePort = config.playground.port === 0 || config.playground.port === 65_535 ? 0 : config.playground.port + 1;
  let page: SwitchPage;
  try {
    page = await onPort(pagePort, 'PLAYGROUND_PORT', () => startSwitchPage({ host: '127.0.0.1', port: pagePort, people, current, switchTo }));
  } catch (error) {
    await playground.stop();
    throw error;
  }

  print(`\nOpen the Agents Playground: ${playground.url}`);
  print('In a channel, @mention ShipShape; in Personal Chat just type. Try: help, whoami');
  print(`Chat as someone else: ${page.url} (or type their number here and press Enter)`);
  people.forEach((p, i) => print(`  ${i + 1}. ${p.name}${p.email ? ` <${p.email}>` : ''}`));
  if (process.stdin.isTTY) {
    createInterface({ input: process.stdin }).on('line', (line) => {
      const chosen = people[Number.parseInt(line.trim(), 10) - 1];
      if (!chosen) {
        if (line.trim()) print(`Type a number from 1 to ${people.length}.`);
        return;
      }
      switchTo(chosen.aadObjectId).catch((error: unknown) => print(`Could not restart the Playground: ${error instanceof Error ? error.message : String(error)}`));
    });
  }
  return {
    stop: async () => {
      await page.close();
      await playground.stop();
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { fresh: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) return print(usage());
  const stack = await startLocalStack({ env: environment(), fresh: values.fresh, print });
  const { config, emulator } = stack;
  const restored = emulator.state?.restored ?? 0;
  print(`Azure emulator  ${emulator.baseUrl}  (tenant ${emulator.tenantId}; CA ${config.emulator.caDir}/ca.pem)`);
  if (restored > 0) print(`                ${restored} changed resource${restored === 1 ? '' : 's'} kept from earlier runs (npm start -- --fresh starts over)`);
  print(`Bot endpoint    ${stack.botUrl}/api/messages`);
  if (stack.logFile) print(`Logs            ${stack.logFile} (LOG_FORMAT=json prints them here instead)`);

  let people: { stop(): Promise<void> } | undefined;
  try {
    if (config.playground.enabled) people = await startPeople(stack);
  } catch (error) {
    await stack.close();
    throw error;
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await people?.stop();
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // What a person can act on is said in plain words; anything else keeps its stack for a bug report.
  const plain = [ConfigError, TenantFileError, StateJournalError, PortInUseError].some((kind) => error instanceof kind);
  const usageError = error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  if (plain || usageError || (error instanceof Error && /Agents Playground/.test(error.message))) {
    console.error(error instanceof Error ? error.message : String(error));
    if (usageError) console.error(usage());
    process.exit(usageError ? 64 : 2);
  }
  console.error(error);
  process.exit(1);
});
