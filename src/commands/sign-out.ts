import { defineCommand } from './define-command.js';
import { entityKinds, hasPhrase, hasWord, onlyWords } from './match.js';

const SIGN_OUT_WORDS = ['sign', 'log', 'out', 'signout', 'logout', 'off', 'of', 'shipshape', 'azure', 'teams'];

export const signOut = defineCommand({
  name: 'signout',
  title: 'Sign out',
  description: 'Signs you out: ShipShape forgets your Azure token until you sign in again.',
  group: 'basics',
  examples: ['sign out', 'log out'],
  match(parsed) {
    if (entityKinds(parsed) > 0) return 0;
    const said = hasPhrase(parsed, 'sign out') || hasPhrase(parsed, 'log out') || hasPhrase(parsed, 'sign me out') || hasPhrase(parsed, 'log me out') || hasWord(parsed, 'signout', 'logout');
    if (!said) return 0;
    // "who signed out the registry" is a question about something else; only the request itself counts.
    return onlyWords(parsed, SIGN_OUT_WORDS) ? 1 : 0.5;
  },
  async run(ctx) {
    const session = ctx.services.session;
    if (!session) return { kind: 'text', text: 'This ShipShape installation keeps no sign-in for you, so there is nothing to sign out of.' };
    const outcome = await session.signOut(ctx.user);
    const text = outcome.tokenService
      ? "You're signed out of ShipShape: it no longer holds a token for you. Your next question asks you to sign in again."
      : "You're signed out of ShipShape: it has forgotten the Azure token it held for you. Your next question signs you in again with your Teams account.";
    return { kind: 'text', text };
  },
});
