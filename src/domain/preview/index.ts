export {
  effectiveParameters, previewPolicy, typesNamed, registryAfter, registrySkuRefusal,
  type Outcome, type PolicyPreview, type PreviewContext, type ProposedDefinition, type ResourcePreview,
} from './policy-preview.js';
export { kubernetesTemplate, previewClusters, type ClusterView, type RunningContainer } from './kubernetes-preview.js';
export { holds, compare, UnsupportedRule, type RuleInput } from './policy-rule.js';
