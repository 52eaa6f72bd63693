import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsSSOTokenExchangeMiddleware,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'restify';
import { IdentityCredentialsFactory, type BotSecret } from '../azure/bot-credentials.js';
import type { AppConfig } from '../config/index.js';
import { inboundRefusal, tenantOf, type InboundPolicy } from './inbound-policy.js';
import { errorRef, type Logger } from '../log/logger.js';
import type { KeyValueStore } from '../store/types.js';
import { KeyValueStorage } from './auth/key-value-storage.js';
import { safeError, scrubTokens } from './auth/safe-error.js';

/** Where Teams SSO exchange ids are recorded, so that each exchange is processed once across instances. */
export const SSO_EXCHANGE_NAMESPACE = 'sso-exchanges';
/** Duplicates arrive within seconds (one per signed-in Teams client); an hour is ample. */
const SSO_EXCHANGE_TTL_SECONDS = 3600;

export interface AdapterOptions {
  /** The store every instance shares; required for Teams SSO (exchange deduplication). */
  store?: KeyValueStore;
}

/** botbuilder's settings for a bot with an app id: every value explicit, so overrides never drop a default. */
export function botAuthenticationSettings(config: AppConfig): Record<string, string | boolean> {
  const { bot } = config;
  // Multi-tenant bots get their token from Bot Framework's own tenant; the others from theirs.
  const loginTenant = bot.appType === 'SingleTenant' || bot.appType === 'UserAssignedMSI' ? (bot.appTenantId ?? '') : 'botframework.com';
  return {
    MicrosoftAppId: bot.appId ?? '',
    ...(bot.appTenantId ? { MicrosoftAppTenantId: bot.appTenantId } : {}),
    ToChannelFromBotLoginUrl: `${bot.authorityHost}/${loginTenant}`,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: bot.tokenIssuer,
    OAuthUrl: bot.oauthApiEndpoint,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

function botSecret(config: AppConfig): BotSecret {
  const { bot } = config;
  if (bot.appType === 'UserAssignedMSI') return { kind: 'managed-identity' };
  if (bot.appCertificatePath) return { kind: 'certificate', certificatePath: bot.appCertificatePath };
  return { kind: 'secret', clientSecret: bot.appPassword ?? '' };
}

/** CloudAdapter with its authenticate-and-run step reachable, so that refusals are answered here. */
export class ShipShapeAdapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * The Bot Framework adapter. With no app id (local mode) it neither checks incoming tokens nor
 * signs outgoing calls, which is only safe because local mode listens on loopback. With an app id,
 * every incoming activity's JWT is validated (issuer, audience, signing key and its channel
 * endorsements, `serviceUrl` claim) and replies are signed with the bot's own Entra token.
 */
export function createAdapter(config: AppConfig, log: Logger, options: AdapterOptions = {}): ShipShapeAdapter {
  const auth =
    config.mode === 'local'
      ? // No app id: authentication disabled; the other settings only say where the token service is.
        new ConfigurationBotFrameworkAuthentication({ ...botAuthenticationSettings(config), MicrosoftAppId: '' })
      : new ConfigurationBotFrameworkAuthentication(
          botAuthenticationSettings(config),
          new IdentityCredentialsFactory({ appId: config.bot.appId ?? '', secret: botSecret(config), caCertPem: config.azure.caCertPem }),
        );
  const adapter = new ShipShapeAdapter(auth);

  const connection = config.bot.oauthConnectionName;
  if (connection) {
    if (!options.store) throw new Error('Teams SSO (OAUTH_CONNECTION_NAME) needs the shared store for token exchange deduplication');
    adapter.use(new TeamsSSOTokenExchangeMiddleware(new KeyValueStorage(options.store, SSO_EXCHANGE_NAMESPACE, SSO_EXCHANGE_TTL_SECONDS), connection));
  }

  // Last line of defence: the bot catches its own errors, so this sees adapter and connector failures.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const ref = errorRef();
    log.error({ err: safeError(error), ref, activityId: context.activity.id, conversationId: context.activity.conversation?.id }, 'turn failed');
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(`Something went wrong (ref ${ref}). Try again; if it keeps failing, give this reference to your ShipShape administrator.`);
    } catch (sendError) {
      log.warn({ err: safeError(sendError), ref }, 'could not tell the user about a failed turn');
    }
  };
  return adapter;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The signing keys or OpenID metadata could not be fetched: the network failed, not the caller. */
function isKeyFetchFailure(error: Error): boolean {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  return (error.name === 'TypeError' && /fetch failed/i.test(error.message)) || (typeof code === 'string' && NETWORK_CODES.has(code));
}

/** Errors from token validation: botbuilder's AuthenticationError, or jsonwebtoken's own; 503 when the keys could not be fetched. */
function authFailureStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  if (['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(error.name)) return 401;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (error.constructor.name === 'AuthenticationError' && typeof status === 'number') return status;
  if (isKeyFetchFailure(error)) return 503;
  return undefined;
}

/** What botbuilder's own request handling does to an activity before the turn: timestamps become Dates. */
function withDates(body: unknown): Activity {
  const activity = body as Activity & Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity;
}

function headerOf(req: Request, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * Authenticates one activity and runs `logic` for it, answering the HTTP request. An activity from a
 * channel or tenant the deployment does not serve is refused (403) before anything else. Unlike
 * `CloudAdapter.process`, a refused token is a 401 (a forged signature included, which botbuilder
 * would turn into a 500), nothing is written to the console, and the reason is logged without the
 * token.
 */
export async function processActivity(
  adapter: ShipShapeAdapter,
  req: Request,
  res: Response,
  logic: (context: TurnContext) => Promise<void>,
  log: Logger,
  inbound?: InboundPolicy,
): Promise<void> {
  const refusal = inbound ? inboundRefusal(req.body as Record<string, unknown>, inbound, req.socket?.remoteAddress) : undefined;
  if (refusal) {
    const body = req.body as { id?: unknown; channelId?: unknown };
    log.warn({ activityId: body.id, channelId: body.channelId, tenantId: tenantOf(req.body as Record<string, unknown>), reason: refusal }, 'activity refused: channel or tenant not accepted');
    res.status(403);
    res.json({ error: { code: 'Forbidden', message: 'This deployment does not accept activities from that channel or tenant.' } });
    return;
  }
  const activity = withDates(req.body);
  const authorization = headerOf(req, 'authorization');
  log.trace(
    { activityId: activity.id, type: activity.type, name: activity.name, channelId: activity.channelId, conversationId: activity.conversation?.id, from: activity.from?.aadObjectId, serviceUrl: activity.serviceUrl, authenticated: authorization !== '' },
    'activity received',
  );
  let invokeResponse;
  try {
    invokeResponse = await adapter.run(authorization, activity, logic);
  } catch (error) {
    const status = authFailureStatus(error);
    if (status === undefined) throw error;
    const refused = status === 401 || status === 403;
    log.warn(
      { status, reason: scrubTokens(error instanceof Error ? error.message : String(error)), activityId: activity.id, channelId: activity.channelId, serviceUrl: activity.serviceUrl },
      refused ? 'activity refused: not authenticated' : 'activity refused: its token could not be checked',
    );
    // Anything but a clear refusal (the signing keys could not be fetched) is this side's problem.
    res.status(refused ? status : 503);
    res.json({ error: { code: refused ? 'Unauthorized' : 'AuthenticationUnavailable', message: refused ? 'The request is not authorized.' : 'The request could not be authenticated right now.' } });
    return;
  }
  res.status(invokeResponse?.status ?? 200);
  if (invokeResponse?.body !== undefined && invokeResponse.body !== null) res.send(invokeResponse.body);
  res.end();
}
