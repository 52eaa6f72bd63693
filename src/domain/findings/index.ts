export type * from './types.js';
export type { FindingsSource, ImageLocation, ScanRequest, ScanSink, ScanUnit } from './source.js';
export { FindingsService, type FindingsServiceOptions } from './findings-service.js';
export { isSuppressed, suppressRecords, type SuppressionReader } from './suppressed-records.js';
export { EstateAggregate } from './estate-aggregate.js';
export { imageByKey, loadingSubscriptions, registryOf, subscriptionName, type EstateView } from './estate-view.js';
export { displayName, imageKey, parseDeployedImage, parseImageKey, registryNameOfHost, runsImage, shortDigest } from './image-ref.js';
export {
  compareWorst,
  countOf,
  fixableOf,
  totalOpen,
  worstOf as worstOfRecord,
  type ClusterPlacement,
  type ImageSummary,
  type WorstFinding,
} from './image-summary.js';
export {
  compareImages,
  fixableIn,
  fixableTotal,
  inPlace,
  matchingImages,
  openIn,
  queryFromEntities,
  scopeOfQuery,
  severityPhrase,
  shownSeverities,
  sortImages,
  sortedImages,
  type ImageQuery,
} from './image-query.js';
export { imagesWithAnyCve, imagesWithCve, topCves, type CveImage, type CveRanking } from './cve-query.js';
export { FIX_FIRST_ORDER, fixFirstIn, rankFixFirst, type RankedImage } from './fix-first.js';
export { byRisk, postureWeaknesses, rankByRisk, riskReason, RISK_ORDER, type ExploitCounts, type Exposure, type ImageRisk } from './risk-rank.js';
export { upgradeTarget, type UpgradeTarget } from './upgrade-target.js';
export { describeWorkload, runningKeys, workloadsOf } from './workloads.js';
export type { CveHit, CveSummary } from './unit-aggregator.js';
export { isNarrowed, narrowedImages, placedImages, type FindingNarrowing } from './finding-filter.js';
export { FindingNames, scopeQuery, scopeTotals, totalsOf, totalAt, fixableAt, type ScopeTotals } from './totals.js';
export { coverageLines, hiddenRegistries, hiddenRunner, type HiddenRegistry } from './coverage.js';
