import type { CheckId, RegistryPosture } from '../domain/posture/index.js';
import type { ParsedText } from '../domain/language/index.js';

/**
 * One posture check asked about across registries: "which registries have admin user enabled" lists
 * those registries, not every check of every registry. Whether the asker wants the registries that
 * have the setting or the ones that lack it is read from the words ("without", "not", "disabled").
 */

interface CheckWords {
  id: CheckId;
  phrases: readonly string[];
  /** "Has it" means passing the check for good settings (private link) and failing it for bad ones (admin user). */
  havingIsGood: boolean;
  /** How the state reads in a header: "with admin user enabled". */
  having: string;
  lacking: string;
}

const CHECK_WORDS: readonly CheckWords[] = [
  { id: 'admin-user', phrases: ['admin user', 'admin account', 'admin users', 'admin accounts'], havingIsGood: false, having: 'with the admin user enabled', lacking: 'with the admin user disabled' },
  { id: 'anonymous-pull', phrases: ['anonymous pull', 'anonymous pulls', 'anonymous access', 'anonymous'], havingIsGood: false, having: 'allowing anonymous pull', lacking: 'not allowing anonymous pull' },
  { id: 'customer-managed-key', phrases: ['customer managed key', 'customer managed keys', 'cmk', 'encrypted', 'encryption'], havingIsGood: true, having: 'encrypted with a customer-managed key', lacking: 'without a customer-managed key' },
  { id: 'private-link', phrases: ['private link', 'private endpoint', 'private endpoints', 'private links'], havingIsGood: true, having: 'with private link', lacking: 'without private link' },
  { id: 'public-network', phrases: ['public network access', 'public access', 'public network', 'publicly accessible', 'exposed', 'open to the internet'], havingIsGood: false, having: 'with public network access', lacking: 'without public network access' },
  { id: 'network-rules', phrases: ['firewall', 'network rules', 'ip rules', 'ip allowlist', 'ip whitelist'], havingIsGood: true, having: 'with firewall rules', lacking: 'without firewall rules' },
  { id: 'data-endpoints', phrases: ['data endpoint', 'data endpoints', 'dedicated data endpoints'], havingIsGood: true, having: 'with dedicated data endpoints', lacking: 'without dedicated data endpoints' },
  { id: 'content-trust', phrases: ['content trust', 'signed images', 'image signing', 'notary'], havingIsGood: true, having: 'with content trust', lacking: 'without content trust' },
  { id: 'quarantine', phrases: ['quarantine'], havingIsGood: true, having: 'with quarantine', lacking: 'without quarantine' },
  { id: 'retention', phrases: ['retention', 'retention policy'], havingIsGood: true, having: 'with a retention policy', lacking: 'without a retention policy' },
  { id: 'export', phrases: ['export', 'export policy', 'exports'], havingIsGood: false, having: 'allowing export', lacking: 'blocking export' },
  { id: 'arm-audience-tokens', phrases: ['arm audience', 'arm tokens', 'arm audience tokens'], havingIsGood: false, having: 'accepting ARM-audience tokens', lacking: 'refusing ARM-audience tokens' },
  { id: 'sku', phrases: ['premium', 'premium sku', 'sku'], havingIsGood: true, having: 'on Premium', lacking: 'not on Premium' },
];

const NEGATIONS = ['without', 'not', 'no', 'lack', 'lacking', 'missing', 'disabled', 'off', 'never', 'none'];

export interface PostureFocus {
  id: CheckId;
  /** True: list registries that pass the check; false: those that fail it. */
  wantPass: boolean;
  /** "registries with the admin user enabled". */
  label: string;
}

function words(parsed: ParsedText): string {
  return ` ${parsed.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
}

/** The one check a question singles out, or undefined when it names none or several. */
export function postureFocusOf(parsed: ParsedText): PostureFocus | undefined {
  const text = words(parsed);
  const asked = CHECK_WORDS.filter((c) => c.phrases.some((p) => text.includes(` ${p} `)));
  // "premium" also appears in other checks' answers; a second named check wins over it.
  const named = asked.length > 1 ? asked.filter((c) => c.id !== 'sku') : asked;
  const check = named.length === 1 ? named[0] : undefined;
  if (!check) return undefined;
  const wantHaving = !NEGATIONS.some((n) => text.includes(` ${n} `));
  const wantPass = check.havingIsGood === wantHaving;
  return { id: check.id, wantPass, label: `registries ${wantHaving ? check.having : check.lacking}` };
}

/** The registries in the asked state: failing (or needing Premium) or passing the check. */
export function focusedRegistries(postures: readonly RegistryPosture[], focus: PostureFocus): RegistryPosture[] {
  return postures.filter((p) => {
    const result = p.results.find((r) => r.check.id === focus.id);
    if (!result) return false;
    return focus.wantPass ? result.outcome === 'pass' : result.outcome !== 'pass';
  });
}
