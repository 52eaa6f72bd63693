import type { ArmResource } from './tenant-types.js';
import { ASSESSMENT_DISPLAY_NAME } from './builtins.js';
import type { Severity } from './cve-catalog.js';

/** Sub-assessment status codes (TENANT-FORMAT: only Unhealthy is an open finding). */
export type FindingStatus = 'Unhealthy' | 'Healthy' | 'NotApplicable';

/** `status.severity` knows only Low/Medium/High, so a critical finding carries High there. */
export function statusSeverity(severity: Severity): 'Low' | 'Medium' | 'High' {
  return severity === 'Critical' ? 'High' : severity;
}

export function subAssessmentStatus(
  code: FindingStatus,
  severity: Severity,
  exemptReason = 'Exempt by the security team: risk accepted',
): Record<string, string> {
  const sev = statusSeverity(severity);
  switch (code) {
    case 'Unhealthy':
      return { code, severity: sev, description: 'The resource is unhealthy' };
    case 'Healthy':
      return { code, severity: sev, description: 'The resource is healthy' };
    case 'NotApplicable':
      return { code, severity: sev, cause: 'Exempt', description: exemptReason };
  }
}

export interface AssessmentInput {
  /** The assessed resource (registry or cluster). */
  resourceId: string;
  key: string;
  code: FindingStatus;
  firstEvaluationDate: string;
  statusChangeDate: string;
}

/** A Defender assessment on a registry or cluster, as `GET …/providers/Microsoft.Security/assessments/{key}` returns it. */
export function assessmentBody(input: AssessmentInput): ArmResource {
  const id = `${input.resourceId}/providers/Microsoft.Security/assessments/${input.key}`;
  const status: Record<string, string> = { code: input.code };
  if (input.code === 'NotApplicable') {
    status.cause = 'OffByPolicy';
    status.description = 'The effective policy for the assessment was evaluated to off';
  }
  status.firstEvaluationDate = input.firstEvaluationDate;
  status.statusChangeDate = input.statusChangeDate;
  return {
    id,
    name: input.key,
    type: 'Microsoft.Security/assessments',
    properties: {
      resourceDetails: { source: 'Azure', id: input.resourceId },
      displayName: ASSESSMENT_DISPLAY_NAME[input.key] ?? input.key,
      status,
      additionalData: { subAssessmentsLink: `${id}/subAssessments` },
      links: {
        azurePortalUri: `https://portal.azure.com/#blade/Microsoft_Azure_Security/RecommendationsBlade/assessmentKey/${input.key}`,
      },
    },
  };
}

/** An assessment is Unhealthy while any of its sub-assessments is an open finding; resolved and exempt ones do not count. */
export function rollUpStatus(codes: Iterable<FindingStatus>): FindingStatus {
  for (const code of codes) if (code === 'Unhealthy') return 'Unhealthy';
  return 'Healthy';
}
