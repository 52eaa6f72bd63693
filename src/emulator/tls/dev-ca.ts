import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCaCertificate, createServerCertificate, newRsaKeyPair } from './certificates.js';

/** The emulator's local PKI, as files in `caDir`. */
export interface DevCa {
  caCertPem: string;
  caKeyPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** RS256 key the identity endpoints sign tokens with. */
  signingKeyPem: string;
}

export const CA_FILES = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
  signingKey: 'signing-key.pem',
} as const;

const LOCK = '.lock';
const STALE_LOCK_MS = 30_000;
const WAIT_LIMIT_MS = 120_000;
const RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Returns the dev CA in `caDir`, creating (or repairing) it on first use. Several processes may
 * start at once (parallel test files): one takes a lock file and writes every file through a
 * temporary name and a rename, the others wait and then read the finished set.
 */
export async function ensureDevCa(caDir: string): Promise<DevCa> {
  const existing = await readValid(caDir);
  if (existing) return existing;
  await mkdir(caDir, { recursive: true, mode: 0o700 });
  const release = await acquireLock(caDir);
  try {
    // Someone else may have finished while this process waited for the lock.
    return (await readValid(caDir)) ?? (await generate(caDir));
  } finally {
    await release();
  }
}

async function readAll(caDir: string): Promise<DevCa | undefined> {
  try {
    const read = (name: string): Promise<string> => readFile(path.join(caDir, name), 'utf8');
    const [caCertPem, caKeyPem, serverCertPem, serverKeyPem, signingKeyPem] = await Promise.all([
      read(CA_FILES.caCert),
      read(CA_FILES.caKey),
      read(CA_FILES.serverCert),
      read(CA_FILES.serverKey),
      read(CA_FILES.signingKey),
    ]);
    return { caCertPem, caKeyPem, serverCertPem, serverKeyPem, signingKeyPem };
  } catch {
    return undefined;
  }
}

/** The files, if all present and consistent: server cert signed by this CA, keys matching, not about to expire. */
async function readValid(caDir: string): Promise<DevCa | undefined> {
  const files = await readAll(caDir);
  if (!files) return undefined;
  try {
    const ca = new X509Certificate(files.caCertPem);
    const server = new X509Certificate(files.serverCertPem);
    const soon = Date.now() + RENEW_BEFORE_MS;
    const ok =
      ca.checkPrivateKey(createPrivateKey(files.caKeyPem)) &&
      server.checkPrivateKey(createPrivateKey(files.serverKeyPem)) &&
      server.verify(ca.publicKey) &&
      new Date(server.validTo).getTime() > soon &&
      new Date(ca.validTo).getTime() > soon &&
      server.checkIP('127.0.0.1') !== undefined &&
      server.checkHost('localhost') !== undefined;
    createPrivateKey(files.signingKeyPem);
    return ok ? files : undefined;
  } catch {
    return undefined;
  }
}

async function generate(caDir: string): Promise<DevCa> {
  const previous = await readAll(caDir);
  let caCertPem: string;
  let caKeyPem: string;
  if (previous && caStillUsable(previous)) {
    // Keep a CA that clients may already trust; only the server certificate is renewed.
    ({ caCertPem, caKeyPem } = previous);
  } else {
    const caKeys = await newRsaKeyPair();
    caKeyPem = caKeys.privateKeyPem;
    caCertPem = createCaCertificate(caKeys);
  }
  const serverKeys = await newRsaKeyPair();
  const serverCertPem = createServerCertificate(serverKeys, caCertPem, caKeyPem);
  const signingKeyPem = previous && isPrivateKey(previous.signingKeyPem) ? previous.signingKeyPem : (await newRsaKeyPair()).privateKeyPem;
  const files: DevCa = { caCertPem, caKeyPem, serverCertPem, serverKeyPem: serverKeys.privateKeyPem, signingKeyPem };
  await writeAtomic(path.join(caDir, CA_FILES.caKey), files.caKeyPem, 0o600);
  await writeAtomic(path.join(caDir, CA_FILES.caCert), files.caCertPem, 0o644);
  await writeAtomic(path.join(caDir, CA_FILES.serverKey), files.serverKeyPem, 0o600);
  await writeAtomic(path.join(caDir, CA_FILES.serverCert), files.serverCertPem, 0o644);
  await writeAtomic(path.join(caDir, CA_FILES.signingKey), files.signingKeyPem, 0o600);
  return files;
}

function caStillUsable(files: DevCa): boolean {
  try {
    const ca = new X509Certificate(files.caCertPem);
    return ca.ca && ca.checkPrivateKey(createPrivateKey(files.caKeyPem)) && new Date(ca.validTo).getTime() > Date.now() + RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

async function writeAtomic(file: string, data: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data, { mode });
  await rename(temp, file);
}

/** An exclusive lock file; a lock older than {@link STALE_LOCK_MS} is from a crashed process. */
async function acquireLock(caDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(caDir, LOCK);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      return () => unlink(lockPath).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > STALE_LOCK_MS) await unlink(lockPath).catch(() => undefined);
    if (Date.now() > deadline) throw new Error(`timed out waiting for the CA lock ${lockPath}`);
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
}
