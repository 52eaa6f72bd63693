import { AzureCallMetrics } from './azure-call-metrics.js';

export interface TelemetryOptions {
  /** Application Insights connection string; without one, nothing is collected or sent. */
  connectionString: string | undefined;
}

export interface Telemetry {
  enabled: boolean;
  /** Flushes what is buffered and stops exporting; call once, on shutdown. */
  shutdown(): Promise<void>;
}

function hasHeader(headers: unknown, name: string): boolean {
  if (typeof headers !== 'object' || headers === null) return false;
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

const OFF: Telemetry = { enabled: false, shutdown: async () => undefined };

/**
 * Starts OpenTelemetry traces and metrics exported to Azure Monitor (Application Insights) when a
 * connection string is configured, and does nothing otherwise: the OpenTelemetry API then stays a
 * no-op and the SDK is not even loaded.
 *
 * It must run before the app's modules are imported (main.ts imports the app afterwards). For ES
 * modules, the instrumentation hooks also need `node --import @azure/monitor-opentelemetry/loader`,
 * which the container image's start command passes; without them turn spans and metrics still
 * flow, but HTTP requests and Azure SDK calls are not traced.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (!options.connectionString) return OFF;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  const http = {
    enabled: true,
    // Azure SDK calls (they carry x-ms-client-request-id) are traced by the SDK itself, with more detail: not twice.
    ignoreOutgoingRequestHook: (request: { headers?: unknown }) => hasHeader(request.headers, 'x-ms-client-request-id'),
  };
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: options.connectionString },
    // A bot's volume is low: keep every trace (OTEL_TRACES_SAMPLER still overrides this).
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    instrumentationOptions: {
      // Incoming /api/messages requests and outgoing calls (the Bot Framework connector) become requests and dependencies.
      http,
      // Resource Manager calls through @azure/arm-* as dependencies, with provider and status.
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      // Logs stay pino JSON on stdout, which the platform collects; they are not duplicated here.
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
    spanProcessors: [new AzureCallMetrics()],
  });
  let stopped = false;
  return {
    enabled: true,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      await shutdownAzureMonitor();
    },
  };
}
