/**
 * Packages and ecosystems as security people name them ("log4j", "openssl", "npm packages"), and how
 * a scanner's package names show them: Debian calls glibc `libc6`, Maven calls log4j
 * `org.apache.logging.log4j:log4j-core`. Data, so adding a package touches no code.
 */
export interface PackageFamily {
  /** As shown back: "log4j". */
  name: string;
  /** Words people type for it, lower case. */
  words: readonly string[];
  /** Package names (as the scan reports them) that belong to it. */
  pattern: RegExp;
}

export const PACKAGE_FAMILIES: readonly PackageFamily[] = [
  { name: 'log4j', words: ['log4j', 'log4j2', 'log4j-core'], pattern: /log4j/i },
  { name: 'openssl', words: ['openssl', 'libssl'], pattern: /^(?:openssl|libssl|libcrypto)|[/:]openssl/i },
  { name: 'glibc', words: ['glibc', 'libc6', 'libc'], pattern: /^(?:glibc|libc6|libc-bin|libc-dev-bin|libc6-dev|libc-l10n)(?:$|[-:.\d])/i },
  { name: 'curl', words: ['curl', 'libcurl'], pattern: /curl/i },
  { name: 'openssh', words: ['openssh', 'sshd'], pattern: /openssh|^ssh$/i },
  { name: 'xz', words: ['xz', 'liblzma', 'xz-utils'], pattern: /^(?:xz|xz-utils|liblzma\d*)(?:$|[-:])/i },
  { name: 'bash', words: ['bash'], pattern: /^bash$/i },
  { name: 'zlib', words: ['zlib', 'zlib1g'], pattern: /^zlib/i },
  { name: 'busybox', words: ['busybox'], pattern: /busybox/i },
  { name: 'nginx', words: ['nginx'], pattern: /nginx/i },
  { name: 'runc', words: ['runc'], pattern: /(?:^|\/)runc$/i },
  { name: 'containerd', words: ['containerd'], pattern: /containerd/i },
  { name: 'spring', words: ['spring', 'springframework', 'spring-core', 'spring-boot'], pattern: /spring/i },
  { name: 'jackson', words: ['jackson', 'jackson-databind'], pattern: /jackson/i },
  { name: 'commons-text', words: ['commons-text'], pattern: /commons-text/i },
  { name: 'sudo', words: ['sudo'], pattern: /^sudo$/i },
  { name: 'systemd', words: ['systemd', 'libsystemd'], pattern: /systemd/i },
  { name: 'libxml2', words: ['libxml2', 'libxml'], pattern: /libxml2/i },
  { name: 'sqlite', words: ['sqlite', 'sqlite3', 'libsqlite3'], pattern: /sqlite/i },
  { name: 'expat', words: ['expat', 'libexpat'], pattern: /expat/i },
  { name: 'golang.org/x/net', words: ['x/net'], pattern: /golang\.org\/x\/net/i },
  { name: 'lodash', words: ['lodash'], pattern: /lodash/i },
  { name: 'requests', words: ['urllib3'], pattern: /urllib3/i },
  { name: 'pillow', words: ['pillow'], pattern: /pillow/i },
];

/** Package ecosystems as MDVM names them (`softwareDetails.language`, or `os` for distribution packages). */
export interface Ecosystem {
  name: string;
  /** Phrases people use, lower case, matched on word boundaries. */
  phrases: readonly string[];
}

export const ECOSYSTEMS: readonly Ecosystem[] = [
  { name: 'javascript', phrases: ['npm', 'node', 'nodejs', 'node.js', 'javascript', 'js', 'yarn'] },
  { name: 'python', phrases: ['pip', 'pypi', 'python'] },
  { name: 'java', phrases: ['maven', 'java', 'jar', 'jars', 'gradle'] },
  { name: 'go', phrases: ['go', 'golang'] },
  { name: 'dotnet', phrases: ['nuget', '.net', 'dotnet'] },
  { name: 'ruby', phrases: ['gem', 'gems', 'ruby'] },
  { name: 'os', phrases: ['os', 'operating system', 'distro', 'distribution', 'apt', 'deb', 'debian', 'rpm', 'apk', 'alpine', 'system'] },
];

export function packageFamily(name: string): PackageFamily | undefined {
  return PACKAGE_FAMILIES.find((f) => f.name === name);
}
