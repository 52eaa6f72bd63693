import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/index.js';
import { errorRef, type Logger } from '../log/logger.js';

/**
 * The Bot Framework adapter. With no app id (local mode) it neither checks incoming tokens nor
 * signs outgoing calls, which is only safe because local mode listens on loopback; with an app id,
 * botbuilder validates every incoming activity's JWT and authenticates replies.
 */
export function createAdapter(config: AppConfig, log: Logger): CloudAdapter {
  const { appId, appPassword, appTenantId, appType } = config.bot;
  const auth =
    config.mode === 'local'
      ? new ConfigurationBotFrameworkAuthentication({})
      : new ConfigurationBotFrameworkAuthentication(
          { MicrosoftAppId: appId, ...(appTenantId ? { MicrosoftAppTenantId: appTenantId } : {}) },
          new ConfigurationServiceClientCredentialFactory({
            MicrosoftAppId: appId,
            MicrosoftAppPassword: appPassword,
            MicrosoftAppType: appType ?? 'MultiTenant',
            MicrosoftAppTenantId: appTenantId,
          }),
        );
  const adapter = new CloudAdapter(auth);

  // Last line of defence: the bot catches its own errors, so this sees adapter and connector failures.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const ref = errorRef();
    log.error({ err: error, ref, activityId: context.activity.id, conversationId: context.activity.conversation?.id }, 'turn failed');
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(`Something went wrong (ref ${ref}). Try again; if it keeps failing, give this reference to your ShipShape administrator.`);
    } catch (sendError) {
      log.warn({ err: sendError, ref }, 'could not tell the user about a failed turn');
    }
  };
  return adapter;
}
