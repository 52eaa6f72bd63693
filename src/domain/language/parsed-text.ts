import type { Environment } from '../environment.js';
import type { PolicyDefinitionInfo } from '../policy-catalog.js';
import type { Severity } from '../severity.js';
import type { Correction, Token } from './tokens.js';

export type DurationUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** "older than 90 days", "for 30 days", "in the last 2 weeks". */
export interface DurationMention {
  amount: number;
  unit: DurationUnit;
  /** older-than: at least this old; newer-than: at most this old; for: a period starting now. */
  relation: 'older-than' | 'newer-than' | 'for' | 'every' | 'plain';
  /** The length in hours (months count 30 days, years 365), for comparisons. */
  hours: number;
  /** As written, for echoing back. */
  text: string;
}

/** A calendar day the question names, as `YYYY-MM-DD` (UTC). */
export interface DateMention {
  date: string;
  relation: 'until' | 'since' | 'on';
  text: string;
  /** Named by the calendar ("this week", "since Monday", "in November"): shown back as typed. */
  calendar?: boolean;
}

export interface PolicyMention {
  policy: PolicyDefinitionInfo;
  /** 0..1: 1 for an exact id, lower for looser matches on words. */
  score: number;
  via: 'id' | 'alias' | 'name';
  /** The words that matched. */
  matched: string;
}

/**
 * Narrowing conditions on findings and workloads: exploit data, where the image runs, fix state.
 * Stated in the card's first line when applied.
 */
export type FindingCondition = 'exploitable' | 'known-exploited' | 'running' | 'internet-facing' | 'fixable' | 'unfixed';

export interface SubscriptionMention {
  id?: string;
  name?: string;
}

/** Everything the parser recognised. Lists are empty, single values absent, when not mentioned. */
export interface Entities {
  /** In the order mentioned, without repeats. */
  environments: Environment[];
  /** Most severe first; "high+" expands to Critical and High. */
  severities: Severity[];
  /** Registry name, lower case, without `.azurecr.io`. */
  registry?: string;
  /** `payments/api`, lower case. */
  repository?: string;
  tag?: string;
  /** `sha256:…` (possibly a prefix of at least 6 hex digits), lower case. */
  digest?: string;
  /** Normalised `CVE-YYYY-NNNN`, in order mentioned. */
  cves: string[];
  resourceGroup?: string;
  subscription?: SubscriptionMention;
  policy?: PolicyMention;
  durations: DurationMention[];
  dates: DateMention[];
  /** A quoted phrase or a "because …" clause, as typed. */
  reason?: string;
  /** Vulnerability nicknames mentioned ("Log4Shell"); their CVEs are in `cves`. */
  nicknames: string[];
  /** Package families asked about ("log4j", "openssl"). */
  packages: string[];
  /** Package ecosystems asked about (`javascript`, `java`, `os`). */
  ecosystems: string[];
  conditions: FindingCondition[];
  /** Numbers not part of anything above ("top 5"). */
  numbers: number[];
}

export interface ParsedText {
  /** As received. */
  raw: string;
  /** Mentions and markup removed, white space folded, case kept. */
  text: string;
  /** The words left once entities were taken out, understood. */
  tokens: readonly Token[];
  /** `tokens` by canonical form, for matching. */
  words: readonly string[];
  corrections: readonly Correction[];
  entities: Entities;
}

export type { Correction, Token };
