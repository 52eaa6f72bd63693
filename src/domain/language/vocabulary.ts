import { ENVIRONMENT_WORDS } from '../environment.js';
import { POLICY_TOPICS, policyCatalog } from '../policy-catalog.js';
import { singular } from './singular.js';

/**
 * The words ShipShape understands. Typos are corrected only towards these words, and only when the
 * typed word is not itself a known word, so everyday English must be here too: otherwise "last"
 * would be "corrected" to "list" and "rest" to "test".
 */

/** Surface word (singular, lower case) → the word commands look for. */
export const SYNONYMS: Readonly<Record<string, string>> = {
  ...ENVIRONMENT_WORDS,
  finding: 'finding',
  vuln: 'finding',
  vulnerability: 'finding',
  cve: 'finding',
  issue: 'finding',
  weakness: 'finding',
  weaknesses: 'finding',
  crit: 'critical',
  moderate: 'medium',
  med: 'medium',
  artifact: 'image',
  acr: 'registry',
  repo: 'repository',
  guardrail: 'policy',
  exception: 'exemption',
  waiver: 'exemption',
  waive: 'exempt',
  list: 'show',
  display: 'show',
  view: 'show',
  give: 'show',
  get: 'show',
  find: 'show',
  right: 'permission',
  usage: 'help',
  commands: 'command',
  hi: 'hello',
  hey: 'hello',
  howdy: 'hello',
};

/** Words of ShipShape's subject, including the ones later commands build on. */
const DOMAIN_WORDS = `
  help command hello whoami who ping pong version alive status show finding image tag digest registry
  repository policy definition assignment assign unassign enable disable enforce audit deny modify configure
  remediate remediation exempt exemption approve approval reject cancel request subscribe unsubscribe daily
  weekly monthly schedule notify alert summary report compliance compliant noncompliant scan scanned pushed
  pulled deployed running cluster kubernetes aks container instance severity critical high medium low
  fixable patch patched patchable fix fixed unfixed exploitable exploit subscription resource group tenant
  role permission access scope owner contributor reader older newer than since until day week month year
  hour minute ago because reason environment top latest newest oldest count total above below higher worse
  least minimum anonymous network public private endpoint link token export cache encryption key customer
  managed admin user account allowed approved trusted privileged vulnerability assessment firewall sku
  premium rule zone dns authentication audience arm local repository scoped sandbox cluster namespace
  stale outdated vulnerable wrong detail prioritize prioritise priority urgent worst affected
  security secure secured hardened harden hardening posture guidance guardrail guardrails defender scanning scanned coverage logging monitoring
`;

/** Everyday English that must never be "corrected" into a domain word. */
const COMMON_WORDS = `
  a about after again against all almost also always am an and another any anyone anything are around as
  ask asked at away back bad be been before being best better between big both but by came can cannot
  could day did do does doing done down each early either else enough even ever every everyone
  everything few first for found from full gave go goes going gone good got great had has have having he
  her here hers him his how however i if in into is it its just keep kind know last later least left less
  let like little long look looks lot made make many may maybe me mean might mine more most much must my
  need needs never new next no none nor not now of off often old on once one only open or other our ours
  out over own part past people per please put quite rather read really rest right same say says see seen
  send set she should side since so some someone something soon still stop such sure take tell test text
  than thank thanks that the their them then there these they thing things think this those though three
  through till time to today together told tomorrow too took true try two under up upon us use used very
  want wanted was way we week well went were what whats when where whether which while why will with
  within without work would yes yesterday yet you your yours able across actually add added already
  anyway area best both call care case change check clear close come current data done else end ever fact
  far fine form free give go hand hard head home idea just large late line live lost main mark mind move
  name named called near note number own place plan point real run same seem show side small start state
  still story such team thing turn wait walk watch whole word world year years zero okay ok thx ty
  fast slow sorry hello hi hey there whose whom us vs via etc pls plz asap fyi btw lol
`;

/**
 * Everyday and technical English that is neither ShipShape vocabulary nor a name: known, so never
 * taken for a registry or repository, but never a target for typo correction either (a typo of
 * "critical" must not become "critic").
 */
const ENGLISH_WORDS = `
  config configs configuration configurations configured setting settings setup using having getting making doing
  going trying looking seeing checking asking telling showing running anywhere everywhere somewhere nowhere
  currently recently lately already actually exactly probably definitely status state stuff thing whatever
  overall general generally across against around within without between among about above below inside
  outside enabled disabled enforced turned switched allowed blocked set unset missing present exist exists
  existing anything nothing something everything somebody nobody everybody affected affecting impacted
  impacting exposed affect impact use uses please kindly hey folks team guys quick quickly asap urgent
  really truly also too either neither both each every such same different other another others
  environment environments stage stages cloud azure microsoft platform estate infra infrastructure
  setup deploy deploys deployment deployments release releases build builds pipeline pipelines
  version versions package packages library libraries dependency dependencies component components
  vulnerable safe unsafe good bad ok okay fine broken healthy unhealthy risky risk risks
  yesterday today tonight tomorrow morning evening night monday tuesday wednesday thursday friday saturday
  sunday january february march april june july august september october november december
  wild known actively active seen reported disclosed public private internal external facing
  `;

function words(block: string): string[] {
  return block.split(/\s+/).filter((w) => w.length > 0);
}

function policyWords(): string[] {
  const fromAliases = Object.values(POLICY_TOPICS).flatMap((t) => t.aliases.flatMap((a) => words(a)));
  const fromNames = policyCatalog().flatMap((p) => words(p.displayName.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ')));
  return [...fromAliases, ...fromNames];
}

/** Words typos are corrected towards, most relevant first (ties go to the earlier word). */
export const DOMAIN_VOCABULARY: ReadonlySet<string> = new Set([
  ...words(DOMAIN_WORDS),
  ...Object.keys(SYNONYMS),
  ...Object.values(SYNONYMS),
  ...policyWords().map((w) => singular(w)),
]);

export const COMMON_VOCABULARY: ReadonlySet<string> = new Set(words(COMMON_WORDS));

const ENGLISH_VOCABULARY: ReadonlySet<string> = new Set(words(ENGLISH_WORDS));

export function isKnownWord(word: string): boolean {
  return DOMAIN_VOCABULARY.has(word) || COMMON_VOCABULARY.has(word);
}

/** Known as English, so never a name, even when ShipShape has no use for it. */
export function isEnglishWord(word: string): boolean {
  return ENGLISH_VOCABULARY.has(word) || isKnownWord(word);
}

export { singular };
