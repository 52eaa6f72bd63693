import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes the Agents Playground's `.m365agentsplayground.yml` so that the people in the Playground are
 * the people of the emulated tenant: switching user there switches whose Azure rights the bot uses.
 *
 * Schema (from @microsoft/m365agentsplayground 0.2.28, `config.schema.json` version 0.1.1, validated
 * with additionalProperties: false):
 *   version: "0.1.1" | "0.1.0"
 *   tenantId: string
 *   bot: { id, name (≤ 42 chars) }
 *   currentUser: User
 *   users: exactly 5 × User (all of them join the group chat and the team)
 *   personalChat: { id }
 *   groupChat: { id, name }
 *   team: { id, name, aadGroupId, channels: at most 1 × { id, name } }  (General is implicit, id = team id)
 *   User = { id, name, userPrincipleName (sic), aadObjectId, givenName, surname, email }
 * User ids must be unique, and so must the personal chat, group chat, team and channel ids.
 */

export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';
const OTHER_USERS = 5;
/** The signed-in user plus the five others the schema requires. */
export const MAX_PERSONAS = OTHER_USERS + 1;

export interface PlaygroundPersona {
  /** Teams channel account id (`29:…`). */
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
}

export interface PlaygroundConfigOptions {
  tenantId: string;
  /** The first one is the signed-in user; up to five more can be picked in the Playground. */
  personas: PlaygroundPersona[];
  bot?: { id: string; name: string };
}

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export interface PlaygroundConfig {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

function toUser(persona: PlaygroundPersona): PlaygroundUser {
  const [givenName = persona.name, ...rest] = persona.name.trim().split(/\s+/);
  const email = persona.email ?? `${givenName.toLowerCase()}@example.invalid`;
  return {
    id: persona.id,
    name: persona.name,
    userPrincipleName: email,
    aadObjectId: persona.aadObjectId,
    givenName,
    surname: rest.join(' ') || givenName,
    email,
  };
}

/**
 * The Playground insists on exactly five other users. Missing ones are guests whose object ids are
 * in no tenant, which also shows what the bot says to someone it does not know.
 */
function guest(n: number): PlaygroundPersona {
  return {
    id: `29:guest-${n}`,
    name: `Guest ${n} (not in tenant)`,
    aadObjectId: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
    email: `guest${n}@example.invalid`,
  };
}

export function buildPlaygroundConfig(options: PlaygroundConfigOptions): PlaygroundConfig {
  const [current, ...others] = options.personas;
  if (!current) throw new Error('The Playground needs at least one persona (the signed-in user).');
  if (others.length > OTHER_USERS) {
    throw new Error(`The Playground takes at most ${OTHER_USERS + 1} users; got ${options.personas.length}.`);
  }
  const ids = new Set(options.personas.map((p) => p.id));
  if (ids.size !== options.personas.length) throw new Error('Playground persona ids must be unique.');
  const users = [...others];
  for (let n = 1; users.length < OTHER_USERS; n += 1) if (!ids.has(guest(n).id)) users.push(guest(n));

  return {
    version: '0.1.1',
    tenantId: options.tenantId,
    bot: options.bot ?? { id: '28:shipshape-local', name: 'ShipShape' },
    currentUser: toUser(current),
    users: users.map(toUser),
    personalChat: { id: 'a:shipshape-personal-chat' },
    groupChat: { id: '19:shipshape-group-chat@thread.v2', name: 'Security Review' },
    team: {
      id: '19:shipshape-team-general@thread.tacv2',
      name: 'Platform Security',
      aadGroupId: '0e9f8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
      channels: [{ id: '19:shipshape-approvals@thread.tacv2', name: 'Approvals' }],
    },
  };
}

/** Block-style YAML for plain nested objects, arrays and strings; strings are JSON-quoted (valid YAML). */
function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        const body = toYaml(item, `${indent}  `);
        return typeof item === 'object' && item !== null ? `${indent}- ${body.trimStart()}` : `${indent}- ${body}`;
      })
      .join('\n');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, v]) =>
        typeof v === 'object' && v !== null ? `${indent}${key}:\n${toYaml(v, `${indent}  `)}` : `${indent}${key}: ${toYaml(v)}`,
      )
      .join('\n');
  }
  return JSON.stringify(value);
}

export function renderPlaygroundConfig(config: PlaygroundConfig): string {
  return [
    '# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
    '# Written by `npm start` from the emulated tenant on every start; edit the tenant file instead.',
    toYaml(config),
    '',
  ].join('\n');
}

/** Writes the config into `dir` and returns its path. */
export async function writePlaygroundConfig(dir: string, options: PlaygroundConfigOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, PLAYGROUND_CONFIG_FILE);
  await writeFile(file, renderPlaygroundConfig(buildPlaygroundConfig(options)), 'utf8');
  return file;
}

/** Users of a tenant file (`principals` of type User), as Playground personas, in file order. */
export function tenantPersonas(tenant: unknown): PlaygroundPersona[] {
  const principals = (tenant as { principals?: unknown } | null)?.principals;
  if (!Array.isArray(principals)) return [];
  return principals
    .filter((p): p is { id: string; displayName: string; userPrincipalName?: string; type?: string } =>
      typeof p?.id === 'string' && typeof p?.displayName === 'string' && (p.type ?? 'User') === 'User')
    .map((p) => ({
      // Teams user ids are opaque; deriving one from the object id keeps it stable between runs.
      id: `29:1${p.id.replace(/-/g, '')}`,
      name: p.displayName,
      aadObjectId: p.id,
      ...(typeof p.userPrincipalName === 'string' ? { email: p.userPrincipalName } : {}),
    }));
}
