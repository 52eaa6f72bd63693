/**
 * Observability: one span, two metrics and correlated log lines per turn; metrics for Azure
 * calls; export to Azure Monitor when configured. Logs are pino JSON on stdout either way.
 */
export { AzureCallMetrics, azureOutcome, isAzureCall, type FinishedSpan } from './azure-call-metrics.js';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.js';
export { currentTurn, markTurnFailed, runInTurn, type TurnIds } from './turn-scope.js';
export { INSTRUMENTATION_NAME, summarizeActivity, TurnTelemetry, type ActivitySummary } from './turn-telemetry.js';
