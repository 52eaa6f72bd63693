import { ConfigError, environment, loadConfig } from './config/index.js';
import { startTelemetry } from './observability/telemetry.js';
import { StoreUnavailableError } from './store/types.js';

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
  const telemetry = await startTelemetry(config.observability);
  // Imported only now, so that the HTTP and Azure SDK modules load after telemetry is set up.
  const { createApp } = await import('./app.js');
  let app;
  try {
    app = await createApp(config);
  } catch (error) {
    // An emulator that cannot say which tenant it serves (not started, wrong EMULATOR_URL) is a setting problem.
    if (error instanceof ConfigError) {
      console.error(error.message);
      await telemetry.shutdown().catch(() => undefined);
      process.exit(2);
    }
    // A store that cannot be opened (unreachable, unwritable, failing its integrity check) is an
    // operator's problem with a plain answer, not a stack trace.
    if (error instanceof StoreUnavailableError) {
      console.error(`ShipShape cannot start: ${error.message}`);
      await telemetry.shutdown().catch(() => undefined);
      process.exit(3);
    }
    throw error;
  }
  const url = await app.listen(config.port, config.host);
  app.log.info({ url: `${url}/api/messages`, mode: config.mode, azure: config.azure.kind, telemetry: telemetry.enabled }, 'ShipShape is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'draining');
    await app.close();
    await telemetry.shutdown().catch((error: unknown) => app.log.warn({ err: error }, 'telemetry did not flush'));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
}

await main();
