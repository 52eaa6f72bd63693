import { UserError } from '../errors.js';
import { matchName, type ParsedText } from '../language/index.js';
import type { RegistrySnapshot } from './registry.js';
import type { ScopeQuery } from './scope.js';

/**
 * From a parsed question to what to look at. Registry names come from the parser ("registry
 * myregistry", `myregistry.azurecr.io`) or, for questions like "is myregistry hardened?", from a
 * word ShipShape does not know that is shaped like a registry name. Words these questions use are
 * never taken for names.
 */

const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `posture hardened harden hardening secure secured security checklist baseline violate violates violating violation violations
   assigned assignments compliance compliant noncompliant failing passing policies registries hygiene settings configured
   configuration locked lockdown good bad safe unsafe ours everything anything`.split(/\s+/),
);
const ACR_NAME = /^[a-z][a-z0-9]{4,49}$/;

export interface NamedRegistries {
  names: string[];
  /** True when the parser itself recognised a registry (a host name, "registry X"). */
  explicit: boolean;
}

export function registryNames(parsed: ParsedText): NamedRegistries {
  const named = parsed.entities.registry;
  if (named && !QUESTION_WORDS.has(named)) return { names: [named], explicit: true };
  const guesses = parsed.tokens.filter((t) => !t.known && ACR_NAME.test(t.surface) && !QUESTION_WORDS.has(t.surface)).map((t) => t.surface);
  return { names: [...new Set(guesses)], explicit: false };
}

export function scopeQueryOf(parsed: ParsedText): ScopeQuery {
  const e = parsed.entities;
  return {
    environments: e.environments,
    ...(e.subscription ? { subscription: e.subscription } : {}),
    ...(e.resourceGroup ? { resourceGroup: e.resourceGroup } : {}),
    registries: registryNames(parsed).names,
  };
}

/**
 * The registries a question is about: by name when it names some (a name the person cannot read is
 * an error only when the parser was sure it was a name), then by environment.
 */
export function selectRegistries(all: readonly RegistrySnapshot[], parsed: ParsedText): RegistrySnapshot[] {
  const { names, explicit } = registryNames(parsed);
  let selected = [...all];
  if (names.length > 0) {
    const readable = all.map((r) => r.name);
    // A name the parser was sure of must be exact (a host name is not a typo); a guessed word may be
    // one typo away from a registry the person can read ("is contosprod hardened?").
    const accept = (m: ReturnType<typeof matchName>): string[] => (m.kind === 'exact' || (m.kind === 'typo' && !explicit) ? [m.name.toLowerCase()] : []);
    const matched = names.flatMap((n) => accept(matchName(n, readable)));
    const byName = all.filter((r) => matched.includes(r.name.toLowerCase()));
    if (byName.length > 0) return byName;
    if (explicit) {
      const wanted = names[0] ?? '';
      const near = matchName(wanted, readable);
      const hint = near.kind === 'near' ? near.names.map((n) => `“${n}”`) : near.kind === 'typo' ? [`“${near.name}”`] : [];
      throw new UserError(`You can’t read a registry named “${wanted}”, or it does not exist.`, {
        hint: hint.length > 0 ? `Did you mean ${hint.join(' or ')}?` : `You can read ${all.length} registr${all.length === 1 ? 'y' : 'ies'}; ask "audit registries" to see them.`,
        reason: 'unknown-registry',
      });
    }
  }
  const envs = parsed.entities.environments;
  if (envs.length > 0) selected = selected.filter((r) => r.environment !== undefined && envs.includes(r.environment));
  return selected;
}

/**
 * The question as understood, with `entities.registry` set to the registry it really names (the
 * parser may take a word like "violate" after "registries" for a name).
 */
export function withNamedRegistry(parsed: ParsedText, name: string | undefined): ParsedText {
  const { registry: _registry, ...entities } = parsed.entities;
  return { ...parsed, entities: name === undefined ? entities : { ...entities, registry: name } };
}
