export { parse, type ParseOptions } from './parse.js';
export { describeEntities } from './describe.js';
export { textSimilarity, wordSimilarity } from './similarity.js';
export { editDistance, typoBudget } from './edit-distance.js';
export { correctWord, tokenize } from './tokens.js';
export { matchName, type NameMatch } from './names.js';
export { SLOT_SCHEMA, validateProposal, type ParseProposer, type ProposedSlots } from './proposal.js';
export type {
  Correction,
  DateMention,
  DurationMention,
  DurationUnit,
  FindingCondition,
  Entities,
  ParsedText,
  PolicyMention,
  SubscriptionMention,
  Token,
} from './parsed-text.js';
export { VULNERABILITY_NICKNAMES, type VulnerabilityNickname } from './vulnerability-names.js';
export { ECOSYSTEMS, PACKAGE_FAMILIES, packageFamily, type Ecosystem, type PackageFamily } from './package-names.js';
