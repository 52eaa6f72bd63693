import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../commands/types.js';
import { projectRoot } from '../config/index.js';
import { buildManifest, commandLimit } from './build-manifest.js';
import { iconProblems } from './icon-check.js';
import { manifestValidator, readManifestSchema } from './manifest-schema.js';
import type { ManifestValues } from './manifest-values.js';
import { zip } from './zip.js';

export const MANIFEST_DIR = path.join(projectRoot, 'manifest');

export interface AppPackage {
  manifest: Record<string, unknown>;
  /** The zip to upload to Teams: manifest.json and the two icons at its root. */
  zip: Buffer;
  /** Commands that did not fit the menu (the schema's limit). */
  left: string[];
}

export class AppPackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

export interface PackageInputs {
  values: ManifestValues;
  commands: readonly Command[];
  /** Folder with manifest.json (the template) and the icons it names (default: manifest/). */
  manifestDir?: string;
  schema?: Record<string, unknown>;
}

/**
 * Builds the Teams app package and checks it the way Teams would: the manifest against the schema
 * of its manifestVersion, the icons' sizes and colours, every file it names present. Throws
 * {@link AppPackageError} listing every problem rather than producing a package Teams refuses.
 */
export function buildAppPackage(inputs: PackageInputs): AppPackage {
  const dir = inputs.manifestDir ?? MANIFEST_DIR;
  const schema = inputs.schema ?? readManifestSchema();
  const template = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const { manifest, left } = buildManifest(template, inputs.values, inputs.commands, commandLimit(schema));

  const problems = manifestValidator(schema)(manifest);
  const wanted = (schema.properties as { manifestVersion?: { const?: unknown } } | undefined)?.manifestVersion?.const;
  if (wanted !== undefined && manifest.manifestVersion !== wanted) problems.push(`manifestVersion is ${String(manifest.manifestVersion)}, the schema is for ${String(wanted)}`);

  const icons = (manifest.icons ?? {}) as { color?: unknown; outline?: unknown };
  const files: { name: string; data: Buffer }[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const name = icons[kind];
    if (typeof name !== 'string') continue; // the schema check has reported it
    try {
      const data = readFileSync(path.join(dir, name));
      problems.push(...iconProblems(kind, data));
      files.push({ name, data });
    } catch {
      problems.push(`icons.${kind}: ${name} is not in ${path.relative(projectRoot, dir) || dir}`);
    }
  }
  if (problems.length > 0) throw new AppPackageError(problems);
  const manifestFile = { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') };
  return { manifest, zip: zip([manifestFile, ...files]), left };
}
