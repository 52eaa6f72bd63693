export { parse, type ParseOptions } from './parse.js';
export { describeEntities } from './describe.js';
export { textSimilarity, wordSimilarity } from './similarity.js';
export { editDistance, typoBudget } from './edit-distance.js';
export { correctWord, tokenize } from './tokens.js';
export { matchName, type NameMatch } from './names.js';
export type {
  Correction,
  DateMention,
  DurationMention,
  DurationUnit,
  Entities,
  ParsedText,
  PolicyMention,
  SubscriptionMention,
  Token,
} from './parsed-text.js';
