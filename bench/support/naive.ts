import type { TokenCredential } from '@azure/core-auth';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SecurityCenter, type SecuritySubAssessment } from '@azure/arm-security';
import { armClientOptions } from '../../src/azure/clients.js';
import type { AzureConfig } from '../../src/config/index.js';

export interface NaiveResult {
  ms: number;
  subAssessments: number;
  imagesWithCriticals: number;
}

/**
 * What a person would script with the official SDK: `subAssessments.listAll` per subscription, one
 * subscription after another, everything kept in memory, then grouped by image.
 */
export async function naive(azure: AzureConfig, credential: TokenCredential): Promise<NaiveResult> {
  const started = performance.now();
  const subscriptions: string[] = [];
  for await (const s of new SubscriptionClient(credential, armClientOptions(azure)).subscriptions.list()) if (s.subscriptionId) subscriptions.push(s.subscriptionId);
  const all: SecuritySubAssessment[] = [];
  for (const id of subscriptions) {
    const client = new SecurityCenter(credential, id, armClientOptions(azure));
    for await (const item of client.subAssessments.listAll(`subscriptions/${id}`)) all.push(item);
  }
  const criticalImages = new Set<string>();
  for (const item of all) {
    if (item.status?.code !== 'Unhealthy') continue;
    const data = item.additionalData as unknown as Record<string, Record<string, unknown> | undefined> | undefined;
    if (data?.vulnerabilityDetails?.severity !== 'Critical') continue;
    const a = data.artifactDetails ?? {};
    criticalImages.add(`${String(a.registryHost)}/${String(a.repositoryName)}@${String(a.digest)}`);
  }
  return { ms: performance.now() - started, subAssessments: all.length, imagesWithCriticals: criticalImages.size };
}
