export { previewPolicy, registryAfter, registrySkuRefusal, type Outcome, type PolicyPreview, type ProposedDefinition, type ResourcePreview } from './policy-preview.js';
export { holds, compare, UnsupportedRule, type RuleInput } from './policy-rule.js';
