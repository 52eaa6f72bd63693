import { createApp } from './app.js';
import { ConfigError, environment, loadConfig } from './config/index.js';

/** Composition root of the bot process. Imported by nothing. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(environment());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  const url = await app.listen(config.port, config.host);
  app.log.info({ url: `${url}/api/messages`, mode: config.mode, azure: config.azure.kind }, 'ShipShape is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'draining');
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
}

await main();
