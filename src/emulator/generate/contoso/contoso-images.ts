import type { OsFamily } from '../cve-catalog.js';
import type { RegistryName } from './contoso-registries.js';

/**
 * Contoso's images and what Defender found in them. A finding is written as a catalog key
 * (`CVE-…`, or `CVE-…/package` where a CVE hits several packages), optionally followed by
 * `resolved` (Healthy) or `exempt` (NotApplicable, cause Exempt). Pushes older than 90 days
 * (before 2026-08-22) make an image stale.
 */

export const OS = {
  debian12: { family: 'debian', osVersion: 'debian_linux_12' },
  debianSid: { family: 'debian', osVersion: 'debian_linux_sid' },
  debian10: { family: 'debian', osVersion: 'debian_linux_10' },
  alpine317: { family: 'alpine', osVersion: 'alpine_linux_3.17' },
  alpine318: { family: 'alpine', osVersion: 'alpine_linux_3.18' },
  ubuntu2204: { family: 'ubuntu', osVersion: 'ubuntu_linux_22.04' },
} as const satisfies Record<string, { family: OsFamily; osVersion: string }>;

export interface DemoImage {
  registry: RegistryName;
  repo: string;
  tags: readonly string[];
  pushedDaysAgo: number;
  os: keyof typeof OS;
  findings: readonly string[];
}

const img = (
  registry: RegistryName, repo: string, tags: readonly string[], pushedDaysAgo: number, os: keyof typeof OS, findings: readonly string[],
): DemoImage => ({ registry, repo, tags, pushedDaysAgo, os, findings });

export const IMAGES: readonly DemoImage[] = [
  // contosoprod: a well-run registry still holds vulnerable content.
  img('contosoprod', 'web/storefront', ['2026.11.3', 'stable'], 8, 'debian12', ['CVE-2024-0727', 'CVE-2016-2781', 'CVE-2011-3374', 'CVE-2023-44270']),
  img('contosoprod', 'web/storefront', ['2026.11.4-canary'], 1, 'debian12', ['CVE-2024-0727']),
  img('contosoprod', 'web/storefront', ['2026.08.1'], 108, 'debian12', ['CVE-2023-38545', 'CVE-2024-29041', 'CVE-2023-44270', 'CVE-2016-2781']),
  img('contosoprod', 'orders/service', ['3.2.0'], 23, 'debian12', ['CVE-2024-45337', 'CVE-2023-44487/golang.org/x/net resolved', 'CVE-2024-24790']),
  img('contosoprod', 'orders/service', ['3.1.4'], 123, 'debian12', ['CVE-2023-44487/golang.org/x/net', 'CVE-2024-45337', 'CVE-2023-48795', 'CVE-2024-24790']),
  img('contosoprod', 'identity/gateway', ['5.0.4'], 51, 'alpine318', ['CVE-2023-38545 resolved', 'CVE-2023-48795']),
  img('contosoprod', 'platform/ingress-nginx', ['1.9.4'], 250, 'alpine318', ['CVE-2023-44487/golang.org/x/net', 'CVE-2023-38545', 'CVE-2024-24790']),
  img('contosoprod', 'reporting/worker', ['2.7.0'], 171, 'debian12', ['CVE-2022-42889', 'CVE-2024-2961', 'CVE-2023-45853', 'CVE-2011-3374']),
  img('contosoprod', 'catalog/api', ['4.1.0'], 15, 'debian12', ['CVE-2024-25062', 'CVE-2023-7104', 'CVE-2022-0563']),
  img('contosoprod', 'notifications/sender', ['1.0.7'], 199, 'alpine318', ['CVE-2022-24999', 'CVE-2024-29041', 'CVE-2022-37434']),
  // contosotools: approved base images, everything resolved or accepted.
  img('contosotools', 'base/debian', ['12-slim'], 5, 'debian12', ['CVE-2024-0727 resolved', 'CVE-2024-2961 resolved']),
  img('contosotools', 'base/alpine', ['3.20'], 5, 'alpine318', ['CVE-2023-38545 resolved']),
  img('contosotools', 'base/distroless-java', ['21'], 19, 'debian12', ['CVE-2023-4911 resolved']),
  img('contosotools', 'base/node', ['20-slim'], 12, 'debian12', ['CVE-2011-3374 exempt', 'CVE-2023-44487/libnghttp2-14 resolved']),
  // contosopayments: the story image payments/api:1.4.2 runs in ACI and AKS with three criticals.
  img('contosopayments', 'payments/api', ['1.4.2'], 135, 'debian12', [
    'CVE-2021-44228', 'CVE-2022-22965', 'CVE-2023-38545', 'CVE-2024-6387', 'CVE-2023-4911', 'CVE-2023-44487/libnghttp2-14',
    'CVE-2016-2781', 'CVE-2024-0727 exempt',
  ]),
  img('contosopayments', 'payments/api', ['1.4.1'], 184, 'debian12', ['CVE-2021-44228', 'CVE-2023-38545', 'CVE-2023-44487/libnghttp2-14']),
  img('contosopayments', 'payments/api', ['1.5.0', 'latest'], 4, 'debian12', ['CVE-2024-0727', 'CVE-2016-2781', 'CVE-2021-44228 resolved']),
  img('contosopayments', 'payments/ledger', ['2.3.1'], 49, 'debian12', ['CVE-2024-24790', 'CVE-2023-44487/golang.org/x/net', 'CVE-2023-50387']),
  img('contosopayments', 'payments/fraud-scorer', ['0.9.4'], 223, 'ubuntu2204', ['CVE-2022-40897', 'CVE-2023-29491', 'CVE-2023-4911']),
  img('contosopayments', 'payments/settlement-batch', ['3.1.0'], 354, 'debian10', [
    'CVE-2021-44228', 'CVE-2022-42889', 'CVE-2021-3156', 'CVE-2022-0778', 'CVE-2022-1292',
  ]),
  img('contosopayments', 'payments/webhooks', ['1.2.0'], 17, 'alpine318', ['CVE-2024-29041', 'CVE-2022-24999']),
  // contosoweb
  img('contosoweb', 'web/frontend', ['2026.10.2'], 30, 'debian12', ['CVE-2023-44270', 'CVE-2024-29041', 'CVE-2011-3374']),
  img('contosoweb', 'web/frontend', ['2026.05.0'], 190, 'debian12', ['CVE-2023-4863', 'CVE-2024-29041', 'CVE-2022-24999']),
  img('contosoweb', 'web/image-resizer', ['1.8.0'], 284, 'debian12', ['CVE-2023-4863', 'CVE-2024-25062', 'CVE-2023-45853']),
  img('contosoweb', 'web/cms', ['5.2.1'], 416, 'debian12', ['CVE-2023-38545', 'CVE-2024-2961', 'CVE-2023-7104', 'CVE-2016-2781']),
  img('contosoweb', 'web/edge-proxy', ['2.4.0'], 10, 'alpine318', ['CVE-2022-37434 resolved']),
  // contosostaging
  img('contosostaging', 'orders/service', ['4.0.0-rc.1'], 2, 'debian12', ['CVE-2023-48795', 'CVE-2011-3374']),
  img('contosostaging', 'payments/api', ['1.5.1-rc.2'], 1, 'debian12', ['CVE-2024-0727']),
  img('contosostaging', 'catalog/api', ['4.2.0-beta.3'], 9, 'debian12', ['CVE-2024-25062', 'CVE-2023-7104']),
  img('contosostaging', 'platform/otel-collector', ['0.98.0'], 155, 'alpine318', ['CVE-2024-24790', 'CVE-2023-44487/golang.org/x/net', 'CVE-2024-45337']),
  // Promoted copy of the prod ingress image: same digest, same findings, second registry.
  img('contosostaging', 'platform/ingress-nginx', ['1.9.4'], 250, 'alpine318', ['CVE-2023-44487/golang.org/x/net', 'CVE-2023-38545', 'CVE-2024-24790']),
  img('contosostaging', 'web/storefront', ['2026.12.0-rc.1'], 1, 'debian12', ['CVE-2016-2781']),
  // contosodev
  img('contosodev', 'tools/debug-shell', ['latest'], 232, 'debianSid', ['CVE-2024-3094', 'CVE-2024-6387', 'CVE-2021-3156', 'CVE-2011-3374']),
  img('contosodev', 'sandbox/api-prototype', ['0.1.0-diego'], 3, 'debian12', ['CVE-2024-29041', 'CVE-2022-24999', 'CVE-2023-44270']),
  img('contosodev', 'ml/notebook', ['2026.09'], 72, 'ubuntu2204', ['CVE-2022-40897', 'CVE-2023-29491', 'CVE-2024-6387', 'CVE-2023-4911']),
  img('contosodev', 'sandbox/log-forwarder', ['0.3.0'], 360, 'debian12', ['CVE-2021-44228', 'CVE-2022-42889']),
  img('contosodev', 'tools/k8s-toolbox', ['1.30'], 50, 'alpine317', ['CVE-2024-21626', 'CVE-2023-48795', 'CVE-2022-3602']),
  img('contosodev', 'sandbox/redis-cache', ['7.0.11'], 447, 'debian12', ['CVE-2023-45853', 'CVE-2023-50387', 'CVE-2023-7104']),
  // contosolegacy: scanned by Qualys, long ago.
  img('contosolegacy', 'legacy/erp-connector', ['7.4'], 1040, 'debian10', ['CVE-2021-44228', 'CVE-2022-0778', 'CVE-2021-3156']),
  img('contosolegacy', 'legacy/java-batch', ['2.0.9'], 1239, 'debian10', ['CVE-2021-44228', 'CVE-2022-22965', 'CVE-2022-1292']),
  img('contosolegacy', 'legacy/php-portal', ['8.0'], 1114, 'debian10', ['CVE-2022-37434', 'CVE-2022-0778', 'CVE-2011-3374']),
  img('contosolegacy', 'legacy/reports', ['1.1'], 1528, 'debian10', ['CVE-2021-3156', 'CVE-2016-2781']),
];
