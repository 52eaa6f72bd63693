import type { TenantPrincipal } from './tenant-types.js';

/** The demo personas' fixed ids (shared with the bot's tests and documentation). */
export const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';

export const PERSONA = {
  priya: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51',
  diego: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02',
  mei: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03',
  sam: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05',
  digestReader: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c06',
  /** Platform engineer: ships to staging, not part of the fixed plan but tells the staging story. */
  noah: '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e07',
} as const;

/** Entra group "Security Auditors"; Mei's rights come only through it. */
export const SECURITY_AUDITORS_GROUP = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a04';

export const DIGEST_READER_APP_ID = '0c0ffee0-0000-4000-8000-0000d16e57e0';
/** Local demo value, documented in the plan; it grants nothing outside the emulator. */
export const DIGEST_READER_SECRET = 'local-digest-reader';

export const SUBSCRIPTION = {
  prod: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001',
  staging: '1d6e3a2b-7c4f-4e5d-9a8b-000000000002',
  dev: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003',
} as const;

export function personaPrincipals(domain = 'contoso.example'): TenantPrincipal[] {
  return [
    { id: PERSONA.priya, displayName: 'Priya Raman', userPrincipalName: `priya@${domain}`, type: 'User' },
    { id: PERSONA.diego, displayName: 'Diego Alvarez', userPrincipalName: `diego@${domain}`, type: 'User' },
    {
      id: PERSONA.mei,
      displayName: 'Mei Chen',
      userPrincipalName: `mei@${domain}`,
      type: 'User',
      groups: [SECURITY_AUDITORS_GROUP],
    },
    { id: PERSONA.sam, displayName: 'Sam Okafor', userPrincipalName: `sam@${domain}`, type: 'User' },
    { id: PERSONA.noah, displayName: 'Noah Fischer', userPrincipalName: `noah@${domain}`, type: 'User' },
    {
      id: PERSONA.digestReader,
      displayName: 'Contoso digest reader',
      type: 'ServicePrincipal',
      appId: DIGEST_READER_APP_ID,
      clientSecret: DIGEST_READER_SECRET,
    },
  ];
}
