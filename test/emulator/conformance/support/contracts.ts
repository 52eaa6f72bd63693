import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * The public wire contracts (test/fixtures/contracts): REST API examples and OpenAPI (Swagger 2.0)
 * definitions turned into JSON Schemas for ajv.
 */

const CONTRACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/contracts');

type Json = Record<string, unknown>;

export function readContract(relative: string): Json {
  const text = readFileSync(path.join(CONTRACTS, relative), 'utf8');
  // `.jsonfrag` files are slices of an OpenAPI `definitions` object.
  return JSON.parse(relative.endsWith('.jsonfrag') ? `{${text}}` : text) as Json;
}

export interface Example {
  parameters: Json;
  responses: Record<string, { body?: unknown; headers?: Json }>;
}

export function readExample(relative: string): Example {
  return readContract(relative) as unknown as Example;
}

/** The 200 (or other) response body of an example. */
export function exampleBody<T = Json>(relative: string, status = '200'): T {
  const body = readExample(relative).responses[status]?.body;
  if (body === undefined) throw new Error(`${relative} has no ${status} body`);
  return structuredClone(body) as T;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Swagger 2.0 → JSON Schema. Enums stay strict (what the service documents is what the emulator must
 * send) except for the properties named in `looseEnums`, where the service itself goes beyond the
 * documented values (e.g. Defender's newer `assessedResourceType`s). Properties may be null (ARM returns
 * nulls, e.g. `status: null` in ACR's own examples); references outside the file become open schemas
 * (common-types Resource, systemData, …).
 */
function convert(node: unknown, known: Set<string>, looseEnums: ReadonlySet<string>, property = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, known, looseEnums));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'discriminator' || key === 'readOnly' || key === 'example' || key === 'externalDocs') continue;
    if (key === 'format' && !['date-time', 'uri', 'uuid', 'int32', 'int64', 'float', 'double'].includes(String(value))) continue;
    if (key === 'enum' && looseEnums.has(property)) continue;
    if (key === '$ref') {
      const ref = String(value);
      const local = /^#\/definitions\/(.+)$/.exec(ref);
      if (local && known.has(local[1] ?? '')) out.$ref = ref;
      continue;
    }
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, { anyOf: [convert(schema, known, looseEnums, name), { type: 'null' }] }]),
      );
      continue;
    }
    out[key] = convert(value, known, looseEnums);
  }
  if (out.format === 'int32' || out.format === 'int64' || out.format === 'float' || out.format === 'double') delete out.format;
  return out;
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv;
}

/** A validator for one definition of an OpenAPI document (or of a `definitions` fragment). */
export function openApiValidator(relative: string, definition: string, looseEnums: readonly string[] = []): ValidateFunction {
  const doc = readContract(relative);
  const definitions = (isObject(doc.definitions) ? doc.definitions : doc) as Json;
  const known = new Set(Object.keys(definitions));
  if (!known.has(definition)) throw new Error(`${relative} has no definition ${definition}`);
  const schema = {
    definitions: convert(definitions, known, new Set(looseEnums)),
    $ref: `#/definitions/${definition}`,
  };
  return makeAjv().compile(schema);
}

/** Throws with ajv's messages when `value` does not match. */
export function assertValid(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value)) {
    throw new Error(`${what} does not match the contract: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
  }
}
