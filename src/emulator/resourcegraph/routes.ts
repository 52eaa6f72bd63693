import { createHash, randomUUID } from 'node:crypto';
import { ArmError } from '../http/types.js';
import type { ArmRequest, EmulatorContext, Route } from '../http/types.js';
import { invalidQuery, KqlError } from './kql-errors.js';
import { plan } from './kql-pipeline.js';
import { parseQuery } from './kql-parser.js';
import { toWire } from './kql-values.js';
import type { Row } from './kql-values.js';
import { ResourceGraphQuota } from './quota.js';
import { ResultCache } from './result-cache.js';
import type { QuotaOptions } from './quota.js';
import { tableSource } from './tables.js';
import type { QueryScope } from './tables.js';

/**
 * api-versions of `POST /providers/Microsoft.ResourceGraph/resources`: @azure/arm-resourcegraph 5.x sends
 * 2024-04-01; 2022-10-01 is the version of the REST examples; 2021-03-01 is still sent by older clients.
 */
export const RESOURCE_GRAPH_API = ['2024-04-01', '2022-10-01', '2021-03-01'] as const;

const MAX_TOP = 1000;

interface QueryRequest {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  top: number;
  skip: number;
  token?: { offset: number; total: number; digest: string; snapshot?: string };
  table: boolean;
}

function badRequest(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`'${field}' must be an array of strings.`);
  return value as string[];
}

function digestOf(query: string, subscriptions: string[] | undefined, managementGroups: string[] | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([query, subscriptions?.map((s) => s.toLowerCase()).sort() ?? null, managementGroups?.map((m) => m.toLowerCase()).sort() ?? null]))
    .digest('base64url')
    .slice(0, 22);
}

function readRequest(body: unknown): QueryRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a QueryRequest object.');
  const b = body as Record<string, unknown>;
  if (typeof b.query !== 'string' || b.query.trim() === '') throw badRequest("The request must have a non-empty 'query'.");
  const subscriptions = stringList(b.subscriptions, 'subscriptions');
  const managementGroups = stringList(b.managementGroups, 'managementGroups');
  const options = (b.options ?? {}) as Record<string, unknown>;
  if (typeof options !== 'object') throw badRequest("'options' must be an object.");
  const top = options.$top ?? MAX_TOP;
  if (!(Number.isInteger(top) && (top as number) >= 1 && (top as number) <= MAX_TOP)) throw badRequest(`'$top' must be an integer between 1 and ${MAX_TOP}.`);
  const skip = options.$skip ?? 0;
  if (!(Number.isInteger(skip) && (skip as number) >= 0)) throw badRequest("'$skip' must be a non-negative integer.");
  const format = options.resultFormat ?? 'objectArray';
  if (format !== 'objectArray' && format !== 'table') throw badRequest("'resultFormat' must be 'objectArray' or 'table'.");
  const digest = digestOf(b.query, subscriptions, managementGroups);
  let token: QueryRequest['token'];
  if (options.$skipToken !== undefined && options.$skipToken !== null) {
    token = decodeToken(options.$skipToken, digest);
  }
  return {
    query: b.query,
    ...(subscriptions ? { subscriptions } : {}),
    ...(managementGroups ? { managementGroups } : {}),
    top: top as number,
    skip: skip as number,
    ...(token ? { token } : {}),
    table: format === 'table',
  };
}

function decodeToken(raw: unknown, digest: string): NonNullable<QueryRequest['token']> {
  try {
    const t = JSON.parse(Buffer.from(String(raw), 'base64').toString('utf8')) as { o?: unknown; t?: unknown; d?: unknown; s?: unknown };
    if (Number.isInteger(t.o) && Number.isInteger(t.t) && t.d === digest) return { offset: t.o as number, total: t.t as number, digest, ...(typeof t.s === 'string' ? { snapshot: t.s } : {}) };
  } catch {
    // Falls through to the refusal below.
  }
  throw badRequest('The $skipToken is invalid or belongs to a different query or scope. Send it back with the same query and the same subscriptions.');
}

function encodeToken(offset: number, total: number, digest: string, snapshot: string): string {
  return Buffer.from(JSON.stringify({ o: offset, t: total, d: digest, s: snapshot })).toString('base64');
}

/** Subscriptions a request covers. Management groups: the tenant root group spans the tenant; tenant files describe no others. */
function scopeOf(req: QueryRequest, tenantId: string): QueryScope {
  if (req.subscriptions) return { subscriptions: new Set(req.subscriptions.map((s) => s.toLowerCase())) };
  if (req.managementGroups && !req.managementGroups.some((m) => m.toLowerCase() === tenantId.toLowerCase())) return { subscriptions: new Set() };
  return {};
}

function columnType(values: unknown[]): string {
  const v = values.find((x) => x !== null && x !== undefined);
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'datetime';
  return 'object';
}

function shape(rows: Row[], columns: string[], table: boolean): unknown {
  if (!table) return rows.map((row) => Object.fromEntries(columns.map((c) => [c, toWire(row[c])])));
  return {
    columns: columns.map((name) => ({ name, type: columnType(rows.map((r) => r[name])) })),
    rows: rows.map((row) => columns.map((c) => toWire(row[c]))),
  };
}

function correlationOf(req: ArmRequest): string {
  const value = req.headers['x-ms-correlation-request-id'];
  return (Array.isArray(value) ? value[0] : value) ?? randomUUID();
}

function runQuery(req: ArmRequest, ctx: EmulatorContext, quota: ResourceGraphQuota, cache: ResultCache) {
  const correlationId = correlationOf(req);
  const quotaHeaders = quota.take(req.caller.objectId.toLowerCase(), correlationId);
  const request = readRequest(req.body);
  const now = ctx.now();
  const facts = { limited: false };
  const start = request.token ? request.token.offset : request.skip;
  const end = start + request.top;
  const caller = req.caller.objectId.toLowerCase();
  const snapshot = request.token?.snapshot ? cache.get(`${caller}|${request.token.snapshot}`) : undefined;
  let columns: string[];
  let all: Row[];
  if (snapshot) {
    ({ columns } = snapshot);
    all = snapshot.rows;
  } else {
    try {
      const result = plan(parseQuery(request.query), tableSource(ctx, req.caller, scopeOf(request, ctx.tenantId)), now, facts);
      columns = result.columns;
      all = [];
      for (const row of result.rows) {
        all.push(row);
        // A follow-up page whose snapshot is gone knows the total from its token: it stops at its rows.
        if (request.token && all.length >= end) break;
      }
    } catch (error) {
      if (error instanceof KqlError) throw invalidQuery(error, correlationId, now);
      throw error;
    }
  }
  const total = request.token ? request.token.total : all.length;
  const page = all.slice(start, end);
  const more = total > end;
  const pageable = more && !facts.limited;
  const body: Record<string, unknown> = {
    totalRecords: total,
    count: page.length,
    resultTruncated: more && !pageable ? 'true' : 'false',
    facets: [],
    data: shape(page, columns, request.table),
  };
  if (pageable) {
    const id = request.token?.snapshot ?? randomUUID();
    // Only a first page read the whole result; a follow-up evaluated again stopped at its own rows.
    if (!request.token) cache.put(`${caller}|${id}`, columns, all);
    body.$skipToken = encodeToken(end, total, digestOf(request.query, request.subscriptions, request.managementGroups), id);
  }
  return { status: 200, body, headers: quotaHeaders };
}

/** The Resource Graph query route; `quota` may be changed while running (see {@link ResourceGraphQuota.set}). */
export function resourceGraphRoutes(quotaOptions?: QuotaOptions): { routes: Route[]; quota: ResourceGraphQuota } {
  const quota = new ResourceGraphQuota(quotaOptions);
  const cache = new ResultCache();
  return {
    quota,
    routes: [
      {
        method: 'POST',
        pattern: '/providers/Microsoft.ResourceGraph/resources',
        apiVersions: RESOURCE_GRAPH_API,
        handler: (req, ctx) => runQuery(req, ctx, quota, cache),
      },
    ],
  };
}
