import { z } from 'zod';

/** What fills the `${{NAME}}` placeholders of manifest/manifest.json. */
export interface ManifestValues {
  BOT_ID: string;
  BOT_DOMAIN: string;
  APP_VERSION: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
}

const guid = z.string().trim().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID (the application id of an Entra app registration)');
// A bare host name: Teams' validDomains and the SSO resource take no scheme, port or path.
const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/, 'must be a host name such as shipshape.example.com, without https:// or a path');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const semver = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.2.3');

const schema = z.object({
  BOT_ID: guid,
  BOT_DOMAIN: hostName,
  APP_VERSION: semver,
  APP_WEBSITE_URL: httpsUrl.optional(),
  APP_PRIVACY_URL: httpsUrl.optional(),
  APP_TERMS_URL: httpsUrl.optional(),
});

export class ManifestValuesError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot build the Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestValuesError';
  }
}

/**
 * Reads the placeholder values from an environment map (the caller passes `environment()` from
 * src/config). `BOT_ID` falls back to `MICROSOFT_APP_ID`: the Teams app, its bot and its single sign-on
 * (`webApplicationInfo`, `api://botid-<BOT_ID>`) all name the bot app registration. Returns notes on
 * defaults the operator may want to change. Throws {@link ManifestValuesError} listing every problem.
 */
export function manifestValues(env: Record<string, string | undefined>, version: string): { values: ManifestValues; notes: string[] } {
  const set = (key: string): string | undefined => (env[key] === undefined || env[key] === '' ? undefined : env[key]);
  const botId = set('BOT_ID') ?? set('MICROSOFT_APP_ID');
  const parsed = schema.safeParse({
    BOT_ID: botId,
    BOT_DOMAIN: set('BOT_DOMAIN'),
    APP_VERSION: set('APP_VERSION') ?? version,
    APP_WEBSITE_URL: set('APP_WEBSITE_URL'),
    APP_PRIVACY_URL: set('APP_PRIVACY_URL'),
    APP_TERMS_URL: set('APP_TERMS_URL'),
  });
  if (!parsed.success) {
    throw new ManifestValuesError(
      parsed.error.issues.map((i) => {
        const key = i.path.join('.');
        const missing = i.code === 'invalid_type' ? ' is not set' : `: ${i.message}`;
        return key === 'BOT_ID' && i.code === 'invalid_type' ? 'BOT_ID (or MICROSOFT_APP_ID) is not set' : `${key}${missing}`;
      }),
    );
  }
  const v = parsed.data;
  const notes: string[] = [];
  const site = `https://${v.BOT_DOMAIN}`;
  if (!v.APP_PRIVACY_URL || !v.APP_TERMS_URL) notes.push(`APP_PRIVACY_URL / APP_TERMS_URL not set: the manifest points at ${site}/privacy and ${site}/terms; set your organisation's pages.`);
  return {
    values: {
      BOT_ID: v.BOT_ID.toLowerCase(),
      BOT_DOMAIN: v.BOT_DOMAIN,
      APP_VERSION: v.APP_VERSION,
      WEBSITE_URL: v.APP_WEBSITE_URL ?? site,
      PRIVACY_URL: v.APP_PRIVACY_URL ?? `${site}/privacy`,
      TERMS_URL: v.APP_TERMS_URL ?? `${site}/terms`,
    },
    notes,
  };
}
