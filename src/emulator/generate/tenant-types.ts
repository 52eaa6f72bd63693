import type { ArmResource } from '../http/types.js';

/** A principal as a tenant file stores it (TENANT-FORMAT.md, "principals"). */
export interface TenantPrincipal {
  id: string;
  displayName: string;
  type: 'User' | 'ServicePrincipal';
  userPrincipalName?: string;
  groups?: string[];
  /** Service principals only. */
  appId?: string;
  /** Service principals only: a local demo value for the client-credentials grant, never a real secret. */
  clientSecret?: string;
}

/** The whole tenant file. */
export interface TenantFile {
  tenantId: string;
  principals: TenantPrincipal[];
  resources: ArmResource[];
}

export type { ArmResource };
