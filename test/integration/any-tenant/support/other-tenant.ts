import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateResources } from '../../../../src/emulator/generate/index.js';
import {
  DIGEST_READER_APP_ID, DIGEST_READER_SECRET, PERSONA, SECURITY_AUDITORS_GROUP, TENANT_ID, personaPrincipals,
} from '../../../../src/emulator/generate/personas.js';
import { Prng } from '../../../../src/emulator/generate/prng.js';
import { roleAssignmentBody } from '../../../../src/emulator/generate/scope-bodies.js';
import type { ArmResource, TenantFile } from '../../../../src/emulator/generate/tenant-types.js';
import type { Persona } from '../../../harness/personas.js';

/**
 * A second tenant, made from a seed: the emulator's generator lays out an estate (subscriptions in
 * three environments, registries, images with findings, container groups, policy assignments), then
 * everything that names the demo is replaced. Other tenant and object ids, another organisation's
 * name in every subscription, registry, group and address, other people, environment tags under
 * other tag names, a person the demo does not have (rights on one resource group only) and,
 * optionally, no read-only digest identity at all.
 */

const ORGS = ['Kestrelworks', 'Tamarind', 'Halcyon', 'Quillon', 'Marlowe', 'Vantor'] as const;
const PEOPLE = [
  'Astrid Lindqvist', 'Kwame Mensah', 'Ines Duarte', 'Tomasz Wojcik', 'Leilani Kahale', 'Rafael Ortega',
  'Yuki Tanaka', 'Olu Adeyemi', 'Freya Nilsen', 'Arjun Mehta', 'Zainab Haddad', 'Matteo Greco',
] as const;
const ENV_TAG_NAMES = ['Environment', 'ENV', 'environment', 'Env'] as const;

/** The roles the generator plans, by who holds them in the demo. */
type Role = 'lead' | 'developer' | 'auditor' | 'idle' | 'platform' | 'scoped';

export interface OtherPerson extends Persona {
  role: Role;
}

export interface OtherTenant {
  file: string;
  tenant: TenantFile;
  tenantId: string;
  org: string;
  people: Record<Role, OtherPerson>;
  /** The read-only digest identity's app id, when the tenant has one. */
  readerAppId: string | undefined;
  /** Subscription ids (lower case) the read-only identity can read. */
  readerSubscriptions: string[];
  /** The resource group the `scoped` person can read (and nothing else). */
  scopedGroup: string;
}

function guid(prng: Prng): string {
  const hex = Array.from({ length: 32 }, () => prng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((prng.int(0, 3) | 8).toString(16))}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function shuffled<T>(items: readonly T[], prng: Prng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Environment tags under another tag name (still one the format names: env/environment, any case). */
function retag(value: unknown, tagName: string): void {
  if (Array.isArray(value)) return value.forEach((v) => retag(v, tagName));
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const tags = record.tags;
  if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
    const renamed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
      if (/^env(ironment)?$/i.test(k)) renamed[tagName] = v;
      else if (k === 'owner') renamed.team = v;
      else renamed[k] = v;
    }
    record.tags = renamed;
  }
  for (const [k, v] of Object.entries(record)) if (k !== 'tags') retag(v, tagName);
}

export function buildOtherTenant(dir: string, options: { seed: number; reader: boolean }): OtherTenant {
  const prng = new Prng(options.seed);
  const org = ORGS[prng.int(0, ORGS.length - 1)] as string;
  const lower = org.toLowerCase();
  const domain = `${lower}.example`;
  const names = shuffled(PEOPLE, prng);
  const roles: Array<[Role, string]> = [['lead', PERSONA.priya], ['developer', PERSONA.diego], ['auditor', PERSONA.mei], ['idle', PERSONA.sam], ['platform', PERSONA.noah]];

  const generated = [...generateResources({ subscriptions: 3, registries: 6, images: 36, findings: 240, seed: options.seed, runningShare: 0.5, detail: 'full' })];
  const demoPeople = personaPrincipals();
  const tenant: TenantFile = { tenantId: TENANT_ID, principals: demoPeople, resources: generated };

  // Every id and word the generator borrows from the demo gets a value of this tenant's own.
  const ids = new Map<string, string>([[TENANT_ID, guid(prng)], [SECURITY_AUDITORS_GROUP, guid(prng)], [DIGEST_READER_APP_ID, guid(prng)]]);
  for (const id of Object.values(PERSONA)) ids.set(id, guid(prng));
  for (const r of generated) {
    const sub = /^\/subscriptions\/([^/]+)$/i.exec(String(r.id))?.[1];
    if (sub) ids.set(sub, guid(prng));
  }
  const words = new Map<string, string>([[DIGEST_READER_SECRET, randomBytes(12).toString('hex')]]);
  roles.forEach(([, id], i) => {
    const demo = demoPeople.find((p) => p.id === id);
    const name = names[i] as string;
    if (!demo) return;
    words.set(demo.displayName, name);
    words.set(String(demo.userPrincipalName), `${name.split(' ')[0]?.toLowerCase()}.${name.split(' ')[1]?.toLowerCase()}@${domain}`);
  });
  words.set('Contoso', org).set('contoso', lower).set('rg-registries-', `${lower}-acr-`).set('rg-apps-', `${lower}-apps-`).set('platform-team', 'cloud-foundations');

  let text = JSON.stringify(tenant);
  for (const [from, to] of ids) text = text.replace(new RegExp(escape(from), 'gi'), to);
  for (const [from, to] of words) text = text.split(from).join(to);
  const other = JSON.parse(text) as TenantFile;
  retag(other.resources, ENV_TAG_NAMES[prng.int(0, ENV_TAG_NAMES.length - 1)] as string);

  // Someone the demo does not have: Reader and Security Reader on one registries group only.
  const subscriptions = other.resources.filter((r) => /^\/subscriptions\/[^/]+$/i.test(String(r.id)));
  const secondSub = String(subscriptions[1]?.id ?? subscriptions[0]?.id);
  const scopedGroup = String(other.resources.find((r) => String(r.id).toLowerCase().startsWith(`${secondSub.toLowerCase()}/resourcegroups/${lower}-acr-`) && /resourceGroups\/[^/]+$/i.test(String(r.id)))?.id);
  const scopedId = guid(prng);
  const scopedName = names[roles.length] as string;
  other.principals.push({ id: scopedId, displayName: scopedName, userPrincipalName: `${scopedName.split(' ')[0]?.toLowerCase()}@${domain}`, type: 'User' });
  for (const role of ['reader', 'securityReader'] as const) {
    other.resources.push(roleAssignmentBody({ scope: scopedGroup, role, principalId: scopedId, principalType: 'User', name: guid(prng), createdOn: '2026-01-05T10:00:00.0000000Z', createdBy: scopedId }));
  }

  // The read-only identity reads all but the last subscription, so a digest read with it is recognisably its view.
  const readerId = ids.get(PERSONA.digestReader) as string;
  const lastSub = String(subscriptions.at(-1)?.id).toLowerCase();
  other.resources = other.resources.filter((r) => {
    const principal = String((r.properties as { principalId?: unknown } | undefined)?.principalId ?? '');
    if (principal !== readerId) return true;
    return options.reader && !String(r.id).toLowerCase().startsWith(`${lastSub}/`);
  });
  if (!options.reader) other.principals = other.principals.filter((p) => p.id !== readerId);
  const readerSubscriptions = options.reader ? subscriptions.map((s) => String(s.id).split('/')[2]?.toLowerCase() ?? '').filter((s) => `/subscriptions/${s}` !== lastSub) : [];

  const file = path.join(dir, `${lower}-${options.seed}${options.reader ? '' : '-no-reader'}.json`);
  writeFileSync(file, `${JSON.stringify(other, null, 2)}\n`);

  const personOf = (role: Role, objectId: string): OtherPerson => {
    const principal = other.principals.find((p) => p.id === objectId);
    const upn = String(principal?.userPrincipalName);
    return { role, key: role, name: String(principal?.displayName), id: `29:1${objectId.replace(/-/g, '')}`, aadObjectId: objectId, email: upn, userPrincipalName: upn };
  };
  const people = Object.fromEntries(roles.map(([role, demoId]) => [role, personOf(role, ids.get(demoId) as string)])) as Record<Role, OtherPerson>;
  people.scoped = personOf('scoped', scopedId);
  return {
    file,
    tenant: other,
    tenantId: other.tenantId,
    org,
    people,
    readerAppId: options.reader ? ids.get(DIGEST_READER_APP_ID) : undefined,
    readerSubscriptions,
    scopedGroup,
  };
}

export type { ArmResource };
