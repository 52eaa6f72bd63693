import { CardFactory, type Attachment, type SignInUrlResponse } from 'botbuilder';

/**
 * What people see while signing in. These cards carry a sign-in link and the token exchange
 * resource (an id and the app's URI), never a token.
 */

/** The `Action.Execute` verb of the channel sign-in card; handled before any command runs. */
export const SIGN_IN_VERB = 'signin.start';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const WHY = 'ShipShape reads Azure with your own account, so it only ever shows what your Azure roles allow.';

export interface InvokeBody {
  statusCode: number;
  type: string;
  value?: unknown;
}

/** Personal chat: Teams signs the user in silently from this card (SSO) or shows its button. */
export function oauthCard(connectionName: string, resource: SignInUrlResponse): Attachment {
  return CardFactory.oauthCard(connectionName, 'Sign in', `Sign in to ShipShape. ${WHY}`, resource.signInLink, resource.tokenExchangeResource, resource.tokenPostResource);
}

/**
 * Channels and group chats, where Teams cannot sign in silently from a message: the sign-in runs
 * inside the card (Action.Execute), for whoever clicks, and the requester's client starts it on its
 * own through `refresh.userIds`. Nothing in the card depends on who is signed in.
 */
export function channelSignInCard(requester: { id: string; name?: string }): Attachment {
  // Clients without Universal Actions send the fallback as a message carrying the verb.
  const fallback = { type: 'Action.Submit', title: 'Sign in', data: { verb: SIGN_IN_VERB, data: {} } };
  const action = { type: 'Action.Execute', title: 'Sign in', verb: SIGN_IN_VERB, data: {}, fallback };
  const who = requester.name ?? 'Someone';
  return {
    contentType: ADAPTIVE,
    content: {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      refresh: { action, userIds: [requester.id] },
      body: [
        { type: 'TextBlock', text: 'Sign in to ShipShape', weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: `${who} asked a question ShipShape answers from Azure. Sign in once to get answers here.`, wrap: true },
        { type: 'TextBlock', text: WHY, wrap: true, isSubtle: true },
      ],
      actions: [action],
    },
  };
}

/** The in-card sign-in request (Universal Actions): SSO when `sso`, otherwise the sign-in button only. */
export function loginRequest(connectionName: string, resource: SignInUrlResponse, sso: boolean): InvokeBody {
  return {
    statusCode: 401,
    type: 'application/vnd.microsoft.activity.loginRequest',
    value: {
      text: 'Sign in to ShipShape',
      connectionName,
      ...(sso && resource.tokenExchangeResource ? { tokenExchangeResource: resource.tokenExchangeResource } : {}),
      buttons: [{ type: 'signin', title: 'Sign in', text: 'Sign in', value: resource.signInLink }],
    },
  };
}

/** A wrong or stale magic code in an in-card sign-in. */
export const INVALID_AUTH_CODE: InvokeBody = { statusCode: 401, type: 'application/vnd.microsoft.error.invalidAuthCode' };

export function signedInText(name: string | undefined): string {
  return `You're signed in to ShipShape${name ? `, ${name}` : ''}. Ask your question again and it is answered with your own Azure access.`;
}

/** The clicker's view of the channel card once signed in. */
export function signedInCard(name: string | undefined): InvokeBody {
  return {
    statusCode: 200,
    type: ADAPTIVE,
    value: {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Signed in', weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: signedInText(name), wrap: true },
      ],
    },
  };
}

/** A short answer to a card click, shown by Teams without changing the card. */
export function messageResponse(text: string): InvokeBody {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}
