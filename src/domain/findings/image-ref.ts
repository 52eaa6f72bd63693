import type { DeployedImage, ImageRef } from './types.js';

/**
 * Image identity. A key is `host/repository@digest`: what Defender identifies an image by, short
 * enough to ride on a card button, and meaningful on its own, so a button carries no other state.
 */

const KEY = /^([a-z0-9.-]+(?::\d+)?)\/([a-z0-9._/-]+)@(sha256:[a-f0-9]{6,64}|[a-z0-9-]{6,64})$/;

export function imageKey(ref: ImageRef): string {
  return `${ref.registryHost.toLowerCase()}/${ref.repository.toLowerCase()}@${ref.digest.toLowerCase()}`;
}

/** The inverse of {@link imageKey}; undefined for anything that is not one (card data is untrusted). */
export function parseImageKey(key: unknown): ImageRef | undefined {
  if (typeof key !== 'string' || key.length > 400) return undefined;
  const m = KEY.exec(key.trim().toLowerCase());
  if (!m) return undefined;
  return { registryHost: m[1] as string, repository: m[2] as string, digest: m[3] as string };
}

/** `sha256:4af8e6f0`: enough to tell images apart on a phone. */
export function shortDigest(digest: string): string {
  const [algo, hex] = digest.includes(':') ? digest.split(':') : ['', digest];
  return algo ? `${algo}:${(hex ?? '').slice(0, 8)}` : (hex ?? '').slice(0, 12);
}

/** Registry name from its login server: `contosoprod.azurecr.io` → `contosoprod`. */
export function registryNameOfHost(host: string): string {
  return host.toLowerCase().split('.')[0] ?? host.toLowerCase();
}

/**
 * An image reference as a container runs it: `host/repo:tag`, `host/repo@sha256:…`, or a Docker Hub
 * short name (`nginx:1.25`, which is `docker.io/library/nginx`).
 */
export function parseDeployedImage(reference: string): DeployedImage | undefined {
  let rest = reference.trim();
  if (rest === '' || /\s/.test(rest)) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1).toLowerCase();
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  // A first part with a dot, a port or "localhost" is a registry host; otherwise the image is on Docker Hub.
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registryHost = hasHost ? first.toLowerCase() : 'docker.io';
  let repository = (hasHost ? parts.slice(1) : parts).join('/').toLowerCase();
  if (registryHost === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (repository === '') return undefined;
  return { registryHost, repository, tag, digest };
}

/**
 * Whether a deployed reference points at this image: by digest when it has one, else by a tag the
 * image carries. Scans that report no tags at all (the Qualys shape) can only be matched by repository.
 */
export function runsImage(deployed: DeployedImage, ref: ImageRef, tags: readonly string[]): boolean {
  if (deployed.registryHost !== ref.registryHost.toLowerCase() || deployed.repository !== ref.repository.toLowerCase()) return false;
  if (deployed.digest) return deployed.digest === ref.digest.toLowerCase();
  if (tags.length === 0) return true;
  const tag = deployed.tag ?? 'latest';
  return tags.some((t) => t === tag);
}

/** `payments/api:1.4.2` (first tag) or `payments/api@sha256:4af8e6f0` for people. */
export function displayName(ref: ImageRef, tags: readonly string[]): string {
  const tag = tags[0];
  return tag ? `${ref.repository}:${tag}` : `${ref.repository}@${shortDigest(ref.digest)}`;
}
