/** Child process for the dev CA race test: creates (or reuses) the CA in argv[2] and prints its fingerprint. */
import { X509Certificate } from 'node:crypto';
import { ensureDevCa } from '../../../../src/emulator/tls/dev-ca.js';

const ca = await ensureDevCa(process.argv[2] as string);
process.stdout.write(new X509Certificate(ca.caCertPem).fingerprint256);
