import { ChangeHistory } from './domain/changes/index.js';
import type { Request, Response, Server } from 'restify';
import { ArmAccess } from './azure/access.js';
import { DefenderFindingsSource } from './azure/findings/index.js';
import { ResourceGraphFindingsSource } from './azure/resourcegraph/index.js';
import { OnBehalfOfCredentialFactory } from './azure/credentials.js';
import { DelegatedGrants } from './azure/delegated-grants.js';
import { DelegatedWorkCredentials } from './azure/delegated-work.js';
import { postureServices } from './azure/posture/index.js';
import { ArmWorkloads } from './azure/workloads/index.js';
import { createActServices, type ActSettings } from './azure/changes/index.js';
import { createAzureProbe } from './azure/reachability.js';
import { EmulatorSsoAssertions, NoSignInConfigured } from './azure/user-assertion.js';
import { createAdapter, processActivity } from './bot/adapter.js';
import { guardTurns, SIGN_IN_RECHECK_MS, SignInFlow, TokenServiceAssertions, turnPerson, WaitingDigests } from './bot/auth/index.js';
import { RateLimitGate, RateLimiter } from './bot/rate-limit.js';
import { createCardRenderer } from './bot/cards/index.js';
import { digestMessage } from './bot/digest-message.js';
import { ShipShapeBot } from './bot/shipshape-bot.js';
import { ApprovalCardUpdates, postedApprovalId } from './bot/approval-card-updates.js';
import { commands, createCommandRouter } from './commands/index.js';
import { approvalsDigestPort, startRecovery, type ApprovalRequest } from './domain/approvals/index.js';
import { FindingsService } from './domain/findings/index.js';
import { GuardrailsService, failureSummary } from './domain/guardrails/index.js';
import { followServedTenant, type AppConfig } from './config/index.js';
import { createServer } from './http/server.js';
import { createLogger, type Logger } from './log/logger.js';
import { TurnTelemetry, type TurnReport } from './observability/turn-telemetry.js';
import { createDigestRuntime, type DigestOverrides, type DigestRuntime } from './schedule/runtime.js';
import { openStore } from './store/open-store.js';
import { isConcurrencyError, type KeyValueStore } from './store/types.js';

export interface App {
  server: Server;
  store: KeyValueStore;
  log: Logger;
  /** Digests: subscriptions, scheduler, send queue (started by `listen`). */
  digests: DigestRuntime;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking new activities, lets turns in flight finish (up to the grace period), then releases everything. */
  close(): Promise<void>;
}

export interface AppOverrides {
  log?: Logger;
  store?: KeyValueStore;
  /** For tests of slow answers. */
  ackAfterMs?: number;
  /** Test and bench hooks for digests (clock, fake estate, send limits). */
  digests?: DigestOverrides;
  /** For tests: the clock commands read ("since yesterday"); real time when absent. */
  now?: () => Date;
  /** Test hooks for approvals: a short claim lease, a stop between claim and execution, the recovery interval. */
  approvals?: Pick<ActSettings, 'claimLeaseMs' | 'afterClaim' | 'answerWithinMs'> & { recoveryIntervalMs?: number };
  /** Every finished turn, as one readable record (the local terminal prints it; it holds message text, so it is never logged). */
  onTurn?: (turn: TurnReport) => void;
}

/** Wires configuration to adapters, bot and HTTP server. Used by main.ts and by the integration tests. */
export async function createApp(given: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  // Against the emulator, the tenant id and digest reader are the served tenant's (ConfigError if it cannot be asked).
  const config = await followServedTenant(given);
  const log = overrides.log ?? createLogger(config.logLevel);
  for (const warning of config.warnings) log.warn({ setting: 'identity' }, warning);
  // Refuses to start (StoreUnavailableError) on a store it cannot read, rather than starting empty.
  const store = overrides.store ?? (await openStore(config.store, config.azure));
  const { azure } = config;

  // Whose token the on-behalf-of exchange starts from: Teams SSO through the OAuth connection, or locally the emulator's stand-in.
  const connection = config.bot.oauthConnectionName;
  const assertions = connection
    ? new TokenServiceAssertions(connection)
    : azure.kind === 'emulator' && azure.caCertPem
      ? new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, azure.caCertPem)
      : new NoSignInConfigured();
  const outsideTurn = assertions instanceof EmulatorSsoAssertions ? 'allow' : 'refuse';
  // Delegated credentials only for the person whose turn it is; outside a turn only the local emulator's stand-in may vouch.
  const credentials = new OnBehalfOfCredentialFactory(azure, assertions, {
    ...(connection ? { recheckAfterMs: SIGN_IN_RECHECK_MS } : {}),
    turn: turnPerson,
    outsideTurn,
  });
  // Renewable grants for delegated work outside a turn, when a key seals them and the app has a secret to redeem them.
  const grantKey = config.delegation.grantKey;
  const grants = grantKey && azure.clientSecret ? new DelegatedGrants(azure, store, assertions, { key: grantKey, turn: turnPerson }) : undefined;
  const adapter = createAdapter(config, log, { store });
  const signIn = new SignInFlow({ connectionName: connection, credentials, ...(grants ? { grants } : {}), log });
  const turns = new TurnTelemetry(overrides.onTurn ? { report: overrides.onTurn } : {});
  const { recoveryIntervalMs, ...approvalHooks } = overrides.approvals ?? {};
  // Approved changes finish (or are recovered) as the approver: in the click, or with the grant the click left.
  const approverCredentials = new DelegatedWorkCredentials(credentials, grants, 'approval', turnPerson);
  // Cards are updated through the bot, which is built after the services it serves.
  const cardUpdates: { current?: ApprovalCardUpdates } = {};
  const notifier = { update: (request: ApprovalRequest) => cardUpdates.current?.update(request) ?? Promise.resolve() };
  const onBackgroundError = (error: unknown): void => log.warn({ err: error }, 'approvals: a change or card update outside its click failed');
  const { act, suppressions } = createActServices(azure, approverCredentials, store, isConcurrencyError, { ...config.approvals, instanceId: config.instanceId, notifier, onBackgroundError, ...approvalHooks });
  const digests = createDigestRuntime({ config, store, adapter, userCredentials: credentials, ...(grants ? { grants } : {}), turn: turnPerson, outsideTurn, log, render: digestMessage(createCardRenderer(store)), approvals: approvalsDigestPort(act.approvals, suppressions), suppressions, ...(overrides.digests ? { overrides: overrides.digests } : {}) });
  const findingsSource = new ResourceGraphFindingsSource(azure, credentials, new DefenderFindingsSource(azure, credentials), { onFallback: (reason) => log.warn({ reason }, 'findings: Resource Graph failed, read per subscription') });
  const services = { access: new ArmAccess(azure, credentials), findings: new FindingsService(findingsSource, { suppressions }), ...postureServices(azure, credentials, store), digests: digests.service, session: signIn, changes: new ChangeHistory(digests.observer, store) };
  const guardrails = new GuardrailsService({ workloads: new ArmWorkloads(azure, credentials), images: services.findings, policies: services.compliance, settings: config.guardrails, onPartFailed: (part, error) => log.warn({ part, error: failureSummary(error) }, 'guardrails: part of the estate not read') });

  const renderer = createCardRenderer(store);
  const botServices = { ...services, guardrails, act, suppressions };
  cardUpdates.current = new ApprovalCardUpdates({ adapter, botAppId: config.bot.appId ?? '', conversations: digests.conversations, renderer, services: botServices, version: config.version });
  const bot = new ShipShapeBot({
    router: createCommandRouter(commands),
    renderer,
    services: botServices,
    log,
    version: config.version,
    signIn,
    onCardPosted: async (card, activityId, conversationId) => {
      const id = postedApprovalId(card.content);
      if (id) await act.approvals.remember(id, { conversationId, activityId });
    },
    conversationEvents: { conversations: digests.conversations, preferences: digests.preferences, onRemoved: (keys) => digests.service.conversationsRemoved(keys), log },
    ...(overrides.ackAfterMs === undefined ? {} : { ackAfterMs: overrides.ackAfterMs }),
    ...(overrides.now ? { now: overrides.now } : {}),
  });

  // Per-person rate limit, then sign-in, around every turn.
  const waiting = new WaitingDigests({ notices: digests.notices, grants, signIn, log });
  const guarded = guardTurns([new RateLimitGate(new RateLimiter(config.bot.rateLimitPerMinute), log), signIn, waiting], (context) => bot.run(context));
  const inbound = { mode: config.mode, ...config.inbound };
  let accepting = true;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let recovery: ReturnType<typeof startRecovery> | undefined;
  const server = createServer({
    log,
    version: config.version,
    isAcceptingTraffic: () => accepting,
    readiness: { store: () => store.healthy(), azure: createAzureProbe(azure) },
    async processActivity(req: Request, res: Response) {
      if (!accepting) {
        res.status(503);
        res.json({ error: { code: 'ShuttingDown', message: 'This instance is shutting down; retry on another.' } });
        return;
      }
      inFlight++;
      try {
        // One span, metrics and a correlated child logger per turn.
        await turns.run(req.body, log, () => processActivity(adapter, req, res, guarded, log, inbound), () => res.statusCode);
      } finally {
        inFlight--;
        if (inFlight === 0) drained?.();
      }
    },
  });

  return {
    server,
    store,
    log,
    digests,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          // Only an instance that serves traffic sends digests.
          digests.start();
          // Approvals a stopped instance claimed but did not finish, and requests past their expiry.
          recovery = startRecovery(act.approvals, { intervalMs: recoveryIntervalMs ?? config.approvals.recoveryIntervalMs, onError: (error) => log.warn({ err: error }, 'approvals: recovery sweep failed') });
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    async close() {
      accepting = false;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, config.shutdownGraceMs).unref();
        });
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Sends in flight finish; digests not yet sent stay in the store for another instance or the next start.
      await digests.stop();
      await recovery?.stop();
      await store.close();
    },
  };
}
