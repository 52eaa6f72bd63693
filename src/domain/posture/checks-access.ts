import { patch, policies, type PostureCheck } from './check-types.js';
import { is, isPremium } from './registry.js';

/** Who can sign in to a registry and with what: the admin user, anonymous pulls, ARM-audience tokens. */

export const adminUser: PostureCheck = {
  id: 'admin-user',
  title: 'Admin user',
  why: 'The admin user is one shared password with push rights that no one can trace to a person.',
  premiumOnly: false,
  policies: policies('ACR_AdminAccountDisabled_AuditDeny', 'ACR_AdminAccountDisabled_Modify'),
  evaluate(r) {
    if (r.adminUserEnabled === true) return { outcome: 'fail', detail: 'On: the registry name and a shared password can push and pull' };
    return { outcome: 'pass', detail: r.adminUserEnabled === false ? 'Off' : 'Not reported (off by default)' };
  },
  fix(r) {
    return patch(r, { adminUserEnabled: false }, 'Turn off the admin user.', 'Anything still signing in with the admin password (pipelines, container groups) stops working.');
  },
  advice: 'Turn off the admin user; use Entra identities with AcrPull/AcrPush.',
};

export const anonymousPull: PostureCheck = {
  id: 'anonymous-pull',
  title: 'Anonymous pull',
  why: 'Anyone on the internet could pull your images without signing in.',
  premiumOnly: false,
  policies: policies('ACR_AnonymousPullDisabled_AuditDeny', 'ACR_AnonymousPullDisabled_Modify'),
  evaluate(r) {
    if (r.anonymousPullEnabled === true) return { outcome: 'fail', detail: 'On: unauthenticated clients can pull every repository' };
    // Older api-versions do not return the property at all; absent means it was never turned on.
    return { outcome: 'pass', detail: r.anonymousPullEnabled === false ? 'Off' : 'Not reported by this API version (absent means off)' };
  },
  fix(r) {
    return patch(r, { anonymousPullEnabled: false }, 'Turn off anonymous pull.', 'Clients pulling without credentials will be refused.');
  },
  advice: 'Turn off anonymous pull.',
};

export const armAudienceTokens: PostureCheck = {
  id: 'arm-audience-tokens',
  title: 'ARM-audience tokens',
  why: 'Registry logins should accept only tokens issued for ACR, not any Azure management token.',
  premiumOnly: false,
  policies: policies('ACR_AADAuthenticationAsArmPolicy_AuditDeny', 'ACR_AADAuthenticationAsArmDisabled_Modify'),
  evaluate(r) {
    const status = r.policies.armAudienceTokens;
    if (is(status, 'disabled')) return { outcome: 'pass', detail: 'Refused: only ACR-audience tokens sign in' };
    return { outcome: 'fail', detail: status === undefined ? 'Not set: ARM-audience tokens are accepted (the default)' : `Accepted (${status})` };
  },
  fix(r) {
    return patch(
      r,
      { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } },
      'Refuse ARM-audience tokens for registry sign-in.',
      'Tools that sign in with a management token (older az acr login flows) must request an ACR token instead.',
    );
  },
  advice: 'Disable ARM-audience token authentication.',
};

export const sku: PostureCheck = {
  id: 'sku',
  title: 'SKU',
  why: 'Customer-managed keys, private link, data endpoints and firewall rules exist only on Premium.',
  premiumOnly: false,
  policies: policies('ACR_SkuSupportsPrivateEndpoints_AuditDeny'),
  evaluate(r) {
    if (isPremium(r)) return { outcome: 'pass', detail: 'Premium' };
    return { outcome: 'fail', detail: `${r.sku ?? 'Unknown'}: Premium-only protections are unavailable` };
  },
  fix(r) {
    return { method: 'PATCH', resourceId: r.id, body: { sku: { name: 'Premium' } }, summary: 'Upgrade the registry to Premium.', caution: 'Premium costs more per day than Basic or Standard.' };
  },
  advice: 'Upgrade to Premium.',
};
