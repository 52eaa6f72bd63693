import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createApp, type App } from '../app.js';
import { ConfigError, environment, loadConfig, type AppConfig } from '../config/index.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { startPlayground } from './playground.js';

/**
 * `npm start`: everything local. The Azure emulator (HTTPS, with its own dev CA), the bot against it,
 * and the Microsoft 365 Agents Playground as a Teams-like client whose users are the tenant's people.
 */

interface TenantPerson {
  id: string;
  displayName: string;
  userPrincipalName?: string;
  type?: string;
}

function readPeople(tenantFile: string): { tenantId: string; people: TenantPerson[] } {
  const tenant = JSON.parse(readFileSync(tenantFile, 'utf8')) as { tenantId: string; principals?: TenantPerson[] };
  return { tenantId: tenant.tenantId, people: (tenant.principals ?? []).filter((p) => (p.type ?? 'User') === 'User') };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    // The CA does not exist before the emulator's first start; read it once the emulator is up.
    const early = loadConfig(environment(), { requireEmulatorCa: false });
    const emulator: RunningEmulator = await startEmulator({
      tenantFile: early.emulator.tenantFile,
      host: '127.0.0.1',
      port: early.emulator.port,
      caDir: early.emulator.caDir,
      app: { clientId: early.azure.clientId, clientSecret: early.azure.clientSecret ?? '' },
    });
    config = loadConfig({ ...environment(), EMULATOR_URL: emulator.baseUrl });
    console.log(`Azure emulator  ${emulator.baseUrl}  (tenant ${emulator.tenantId}; CA ${config.emulator.caDir}/ca.pem)`);

    const app: App = await createApp(config);
    const botUrl = await app.listen(config.port, config.host);
    console.log(`Bot endpoint    ${botUrl}/api/messages`);

    let stopPlayground: (() => Promise<void>) | undefined;
    if (config.playground.enabled) {
      const { tenantId, people } = readPeople(config.emulator.tenantFile);
      const personas = people.map((p) => ({ id: p.id, name: p.displayName, aadObjectId: p.id, ...(p.userPrincipalName ? { email: p.userPrincipalName } : {}) }));
      const open = (signedIn: string | undefined) =>
        startPlayground({
          botEndpoint: `${botUrl}/api/messages`,
          port: config.playground.port,
          tenantId,
          personas,
          configDir: config.dataDir,
          ...(signedIn ? { signedIn } : {}),
          log: (line: string) => console.log(`[playground] ${line}`),
        });
      let playground = await open(config.playground.user);
      stopPlayground = () => playground.stop();
      console.log(`\nOpen the Agents Playground: ${playground.url}`);
      console.log('In a channel, @mention ShipShape; in Personal Chat just type. Try: help, whoami');
      console.log('The Playground signs in one person at a time. To chat as someone else, type their number and press Enter, then reload the page:');
      people.forEach((p, i) => console.log(`  ${i + 1}. ${p.displayName}${p.userPrincipalName ? ` <${p.userPrincipalName}>` : ''}`));

      // Switching restarts the Playground with another person signed in; the bot and emulator keep running.
      if (process.stdin.isTTY) {
        createInterface({ input: process.stdin }).on('line', (line) => {
          const chosen = people[Number.parseInt(line.trim(), 10) - 1];
          if (!chosen) {
            if (line.trim()) console.log(`Type a number from 1 to ${people.length}.`);
            return;
          }
          void (async () => {
            await playground.stop();
            playground = await open(chosen.id);
            console.log(`Signed in to the Playground as ${chosen.displayName}: reload ${playground.url}`);
          })().catch((error: unknown) => console.error(`Could not restart the Playground: ${String(error)}`));
        });
      }
    }

    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await stopPlayground?.();
      await app.close();
      await emulator.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

await main();
