import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../../src/emulator/index.js';
import { startConnector, type Connector } from '../../../harness/connector.js';
import { rosterFor } from '../../../harness/personas.js';
import { TEST_APP } from '../../../harness/stack.js';
import { Clock, startBot, type DigestBot } from './bot.js';
import { demoTenant } from './tenant-edit.js';

/** The demo tenant in the emulator, a local connector and one bot: enough to chat over the protocol. */
export interface ChatStack {
  emulator: RunningEmulator;
  connector: Connector;
  bot: DigestBot;
  close(): Promise<void>;
}

export async function startChatStack(prefix: string): Promise<ChatStack> {
  const workdir = await mkdtemp(path.join(tmpdir(), prefix));
  const caDir = path.join(workdir, 'ca');
  const emulator = await startEmulator({ tenant: demoTenant(), host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP }, log: () => undefined });
  const connector = await startConnector({ roster: rosterFor(undefined, emulator.tenantId), teams: [] });
  const bot = await startBot({ emulator, caDir, connector, dataDir: path.join(workdir, 'data'), clock: new Clock(new Date()) });
  return {
    emulator,
    connector,
    bot,
    async close() {
      await bot.close();
      await connector.close();
      await emulator.close();
      await rm(workdir, { recursive: true, force: true });
    },
  };
}
