import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { armRoutes } from '../../src/emulator/arm/index.js';
import { parseJsonBody, parseTarget, queryParam, readBody } from '../../src/emulator/http/request-parse.js';
import { Router } from '../../src/emulator/http/router.js';
import { ArmError } from '../../src/emulator/http/types.js';
import { METHODS, requestTarget, segment } from './support/arm-paths.js';
import { runs, SEED } from './support/budget.js';

/**
 * The emulator's request parsing takes raw targets and bodies from any client. It must answer
 * everything with either a parsed request or ARM's 4xx error, never anything else, and the parts it
 * returns must agree with each other.
 */
function check(ok: boolean, what: string, input: unknown): void {
  if (!ok) throw new Error(`${what} for ${JSON.stringify(input)?.slice(0, 300)}`);
}

function expectArmError(error: unknown, status: number, code: string, input: unknown): void {
  check(error instanceof ArmError && error.status === status && error.code === code, `unexpected ${String(error)}`, input);
}

const router = new Router(armRoutes);
const SLOW_MS = 100;

describe('request targets', () => {
  test(`any target is split or refused with 400 InvalidRequestUri (${Math.round(runs('emulatorTargets') / 2)} inputs)`, () => {
    fc.assert(
      fc.property(fc.oneof(requestTarget, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 })), (raw) => {
        let target;
        try {
          target = parseTarget(raw);
        } catch (error) {
          expectArmError(error, 400, 'InvalidRequestUri', raw);
          return;
        }
        check(target.segments.every((s) => s !== ''), 'empty segment kept', raw);
        check(target.path === `/${target.segments.join('/')}`, 'path and segments disagree', raw);
        for (const [key, value] of target.query) check(queryParam(target.query, key.toUpperCase()) !== undefined && typeof value === 'string', 'query key not found ignoring case', raw);
      }),
      { numRuns: Math.round(runs('emulatorTargets') / 2), seed: SEED },
    );
  }, 600_000);

  test(`encoded segments and query values come back as sent (${Math.round(runs('emulatorTargets') / 2)} inputs)`, () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z$-]{1,10}$/), fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 4 }), (segments, pairs) => {
        const raw = `/${segments.map(encodeURIComponent).join('/')}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
        const target = parseTarget(raw);
        check(JSON.stringify(target.segments) === JSON.stringify(segments), 'segments changed', raw);
        for (const [key] of pairs) {
          const first = pairs.find(([k]) => k === key)?.[1];
          check(queryParam(target.query, key) === first, 'query value changed', raw);
        }
      }),
      { numRuns: Math.round(runs('emulatorTargets') / 2), seed: SEED },
    );
  }, 600_000);
});

describe('request bodies', () => {
  test(`JSON bodies parse to what was sent; anything else is 400 InvalidRequestContent (${runs('emulatorBodies')} inputs)`, async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => ({ bytes: Buffer.from(JSON.stringify(v) ?? ''), json: true })),
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: Buffer.from(b), json: false })),
      fc.string({ maxLength: 200 }).map((s) => ({ bytes: Buffer.from(s), json: false })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.nat({ max: 64 }), { maxLength: 6 }), fc.integer({ min: 0, max: 400 }), async ({ bytes, json }, cuts, limit) => {
        // The body arrives in arbitrary chunks, with or without a truthful Content-Length.
        const chunks: Buffer[] = [];
        let at = 0;
        for (const cut of cuts) chunks.push(bytes.subarray(at, (at = Math.min(bytes.length, at + cut))));
        chunks.push(bytes.subarray(at));
        const req = Object.assign(Readable.from(chunks.filter((c) => c.length > 0)), { headers: { 'content-length': String(bytes.length) } }) as unknown as IncomingMessage;
        let raw: Buffer;
        try {
          raw = await readBody(req, limit);
        } catch (error) {
          expectArmError(error, 413, 'RequestEntityTooLarge', bytes.length);
          check(bytes.length > limit, 'refused a body within the limit', bytes.length);
          return;
        }
        check(bytes.length <= limit && raw.equals(bytes), 'body changed or over the limit accepted', bytes.length);
        let parsed: unknown;
        try {
          parsed = parseJsonBody(raw);
        } catch (error) {
          expectArmError(error, 400, 'InvalidRequestContent', raw.toString('utf8'));
          check(!json, 'valid JSON refused', raw.toString('utf8'));
          return;
        }
        if (json) check(JSON.stringify(parsed) === JSON.stringify(JSON.parse(raw.toString('utf8'))), 'JSON changed', raw.toString('utf8'));
      }),
      { numRuns: runs('emulatorBodies'), seed: SEED },
    );
  }, 600_000);
});

describe('routing', () => {
  test(`any path and method routes, or is refused, quickly and consistently (${runs('emulatorRoutes')} inputs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...METHODS), fc.array(segment, { maxLength: 16 }), (method, segments) => {
        const started = performance.now();
        const match = router.match(method, segments);
        check(performance.now() - started < SLOW_MS, 'slow match', segments);
        if (match.kind === 'found') {
          for (const { route, params } of match.candidates) {
            check(route.method === method, 'candidate for another method', segments);
            for (const [name, value] of Object.entries(params)) {
              check(typeof value === 'string' && value !== '', `empty parameter ${name}`, segments);
              if (route.pattern.includes(`{*${name}}`)) check(value.startsWith('/'), `rest parameter ${name} without leading slash`, segments);
            }
          }
        } else if (match.kind === 'method') {
          check(match.allowed.length > 0 && !match.allowed.includes(method), 'method refusal lists the method', segments);
        }
        // Routing ignores case: the same path in other case routes the same way.
        const again = router.match(method, segments.map((s) => s.toUpperCase()));
        check(again.kind === match.kind, 'case changed the routing', segments);
      }),
      { numRuns: runs('emulatorRoutes'), seed: SEED },
    );
  }, 600_000);

  test('the checks can fail: a refused body over the limit is told apart', async () => {
    const req = Object.assign(Readable.from([Buffer.alloc(10)]), { headers: {} }) as unknown as IncomingMessage;
    await expect(readBody(req, 5)).rejects.toMatchObject({ status: 413 });
    expect(() => expectArmError(new Error('x'), 400, 'InvalidRequestUri', '')).toThrow();
  });
});
