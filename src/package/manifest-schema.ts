import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { projectRoot } from '../config/index.js';

/** The newest Teams manifest schema, copied byte for byte from OfficeDev/microsoft-teams-app-schema. */
export const MANIFEST_SCHEMA_FILE = path.join(projectRoot, 'src', 'package', 'schema', 'MicrosoftTeams.schema.v1.29.json');

export function readManifestSchema(file = MANIFEST_SCHEMA_FILE): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(manifest)' : error.instancePath;
  const detail = error.keyword === 'additionalProperties' ? ` "${String((error.params as { additionalProperty?: unknown }).additionalProperty)}"` : '';
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}

/**
 * A validator for the manifest schema. The schema is draft-04, which current ajv no longer reads;
 * it uses none of the keywords whose meaning changed after draft-04 (boolean `exclusiveMaximum`,
 * `id`), so it is compiled as a current draft with its `$schema` marker removed.
 */
export function manifestValidator(schema: Record<string, unknown> = readManifestSchema()): (manifest: unknown) => string[] {
  const { $schema: _draft, ...body } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
  const validate = ajv.compile(body);
  return (manifest) => (validate(manifest) ? [] : (validate.errors ?? []).map(describe));
}
