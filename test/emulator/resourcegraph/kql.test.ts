import { describe, expect, test } from 'vitest';
import { KqlError } from '../../../src/emulator/resourcegraph/kql-errors.js';
import { tokenize } from '../../../src/emulator/resourcegraph/kql-lexer.js';
import { plan, type Tabular } from '../../../src/emulator/resourcegraph/kql-pipeline.js';
import { parseQuery } from '../../../src/emulator/resourcegraph/kql-parser.js';
import { toWire, type Row } from '../../../src/emulator/resourcegraph/kql-values.js';

/** The Kusto subset on small in-memory tables: parsing, each operator and function, and refusals. */

const NOW = new Date('2026-06-01T12:00:00Z');

const images: Row[] = [
  { id: '/subscriptions/A/x/1', name: 'api', env: 'Prod', findings: 12, tags: ['v1', 'latest'], props: { sev: 'Critical', pkg: { name: 'openssl' } }, seen: '2026-06-01T06:00:00Z' },
  { id: '/subscriptions/A/x/2', name: 'worker', env: 'prod', findings: 0, tags: [], props: { sev: 'High', pkg: { name: 'zlib' } }, seen: '2026-05-01T00:00:00Z' },
  { id: '/subscriptions/B/x/3', name: 'web-frontend', env: 'dev', findings: 5, tags: ['v2'], props: { sev: 'Critical', pkg: { name: 'openssl' } }, seen: null },
  { id: '/subscriptions/B/x/4', name: 'batch', env: null, findings: 3, tags: ['v3'], props: { sev: 'Low' }, seen: '2026-05-31T23:00:00Z' },
];
const owners: Row[] = [
  { sub: 'A', owner: 'payments' },
  { sub: 'B', owner: 'platform' },
  { sub: 'B', owner: 'sre' },
];

function source(name: string): Tabular {
  if (name.toLowerCase() === 'images') return { columns: Object.keys(images[0] as Row), rows: images };
  if (name.toLowerCase() === 'owners') return { columns: ['sub', 'owner'], rows: owners };
  throw KqlError.unknownTable(name);
}

function run(query: string): Row[] {
  const result = plan(parseQuery(query), source, NOW);
  return [...result.rows].map((r) => Object.fromEntries(result.columns.map((c) => [c, toWire(r[c])])));
}

function refusal(query: string): KqlError['detail'] {
  try {
    run(query);
  } catch (error) {
    if (error instanceof KqlError) return error.detail;
    throw error;
  }
  throw new Error(`accepted: ${query}`);
}

describe('tokens', () => {
  test('strings in every quoting, verbatim regexes, timespans, dashed operators and comments', () => {
    const tokens = tokenize(`T | where a == 'it\\'s' and b == "q" // comment\n| extend r = @"(?i)x\\d" , t = 7d, u = 90m | project-away a`);
    const strings = tokens.filter((t) => t.kind === 'string').map((t) => t.value);
    expect(strings).toEqual(["it's", 'q', '(?i)x\\d']);
    expect(tokens.filter((t) => t.kind === 'timespan').map((t) => t.value)).toEqual([7 * 86_400_000, 90 * 60_000]);
    expect(tokens.some((t) => t.text === 'project-away')).toBe(true);
    expect(tokens.some((t) => t.text === 'comment')).toBe(false);
  });
});

describe('operators', () => {
  test('where with string operators, case rules and boolean logic', () => {
    expect(run("images | where env =~ 'PROD' | project name")).toEqual([{ name: 'api' }, { name: 'worker' }]);
    expect(run("images | where env == 'prod' | project name")).toEqual([{ name: 'worker' }]);
    expect(run("images | where env !~ 'prod' | project name")).toEqual([{ name: 'web-frontend' }]);
    expect(run("images | where name has 'frontend' or name startswith 'BAT' | project name")).toEqual([{ name: 'web-frontend' }, { name: 'batch' }]);
    expect(run("images | where name has 'front' | project name")).toEqual([]);
    expect(run("images | where name contains 'OR' and not(name endswith 'er') | project name")).toEqual([]);
    expect(run("images | where name in ('api', 'batch') | project name")).toEqual([{ name: 'api' }, { name: 'batch' }]);
    expect(run("images | where env in~ ('PROD') | count")).toEqual([{ Count: 2 }]);
    expect(run("images | where name !in ('api') | count")).toEqual([{ Count: 3 }]);
    expect(run('images | where findings > 3 and findings <= 12 | project name')).toEqual([{ name: 'api' }, { name: 'web-frontend' }]);
    expect(run('images | where isnotempty(env) and isempty(tags) | project name')).toEqual([{ name: 'worker' }]);
  });

  test('dynamic property access, extend, project, project-away and project-rename', () => {
    expect(run("images | extend p = tostring(props.pkg['name']) | where p == 'openssl' | project name, p")).toEqual([
      { name: 'api', p: 'openssl' },
      { name: 'web-frontend', p: 'openssl' },
    ]);
    expect(run('images | project props.sev | take 1')).toEqual([{ props_sev: 'Critical' }]);
    expect(run('images | project-away props, tags, seen, id | project-rename n = name | take 1')).toEqual([{ n: 'api', env: 'Prod', findings: 12 }]);
  });

  test('summarize with every aggregation, by keys, and without keys', () => {
    expect(
      run(
        "images | summarize n = count(), crit = countif(props.sev == 'Critical'), envs = dcount(tolower(env)), pkgs = make_set(tostring(props.pkg.name)), total = sum(findings), lo = min(findings), hi = max(findings), one = take_any(name) by sub = extract('/subscriptions/([^/]+)', 1, id) | order by sub asc",
      ),
    ).toEqual([
      { sub: 'A', n: 2, crit: 1, envs: 1, pkgs: ['openssl', 'zlib'], total: 12, lo: 0, hi: 12, one: 'api' },
      { sub: 'B', n: 2, crit: 1, envs: 2, pkgs: ['openssl', ''], total: 8, lo: 3, hi: 5, one: 'web-frontend' },
    ]);
    expect(run('images | where findings > 100 | summarize count()')).toEqual([{ count: 0 }]);
    expect(run('images | summarize by env = tolower(env) | order by env asc')).toEqual([{ env: '' }, { env: 'dev' }, { env: 'prod' }]);
  });

  test('packing rows: make_list_if of bags (kept whole), countif, and a grouping key built from a packed array', () => {
    expect(
      run(
        "images | extend open = findings > 0 | summarize f = make_list_if(bag_pack('f', pack_array(name, findings, props.pkg.name)), open), closed = countif(not(open)) by id = strcat(env, '|', tostring(pack_array(tolower(env), array_length(tags)))) | order by id asc",
      ),
    ).toEqual([
      { id: 'Prod|["prod",2]', f: [{ f: ['api', 12, 'openssl'] }], closed: 0 },
      { id: 'dev|["dev",1]', f: [{ f: ['web-frontend', 5, 'openssl'] }], closed: 0 },
      { id: 'prod|["prod",0]', f: [], closed: 1 },
      { id: '|["",1]', f: [{ f: ['batch', 3, null] }], closed: 0 },
    ]);
  });

  test('consecutive extends: each sees the columns before it, names as its own operator, and the source rows stay as they were', () => {
    expect(run("images | take 1 | extend a = findings + 1 | extend b = a * 2, a = 0 | extend 7 | extend 8 | project a, b, name, Column1")).toEqual([{ a: 0, b: 26, name: 'api', Column1: 8 }]);
    expect(run("images | take 1 | extend name = 'changed' | project name")).toEqual([{ name: 'changed' }]);
    expect(images[0]?.name).toBe('api');
  });

  test('sort, top, take, distinct', () => {
    expect(run('images | order by findings desc | project name | take 2')).toEqual([{ name: 'api' }, { name: 'web-frontend' }]);
    expect(run('images | sort by name asc | project name | limit 1')).toEqual([{ name: 'api' }]);
    expect(run('images | top 2 by findings asc | project name')).toEqual([{ name: 'worker' }, { name: 'batch' }]);
    expect(run("images | distinct env = tolower(tostring(env)) | where env != '' | count")).toEqual([{ Count: 2 }]);
  });

  test('mv-expand: one row per element; an empty array gives none', () => {
    expect(run('images | mv-expand tag = tags | project name, tag = tostring(tag)')).toEqual([
      { name: 'api', tag: 'v1' },
      { name: 'api', tag: 'latest' },
      { name: 'web-frontend', tag: 'v2' },
      { name: 'batch', tag: 'v3' },
    ]);
  });

  test('join inner, leftouter and the default innerunique, on one key or $left/$right', () => {
    const q = (kind: string) => `images | extend sub = extract('/subscriptions/([^/]+)', 1, id) | project name, sub | join ${kind} (owners) on sub | project name, owner, sub1 | order by name asc, owner asc`;
    expect(run(q('kind=inner'))).toHaveLength(6);
    // innerunique keeps the first left row per key; each right match still gives a row.
    expect(run(q('')).map((r) => r.name)).toEqual(['api', 'web-frontend', 'web-frontend']);
    expect(run("images | extend s = extract('/subscriptions/([^/]+)', 1, id) | where name == 'batch' | join kind=leftouter (owners | where owner == 'nobody') on $left.s == $right.sub | project name, owner")).toEqual([
      { name: 'batch', owner: null },
    ]);
  });

  test('functions: strings, conversions, conditionals, json and time', () => {
    expect(
      run(
        "images | take 1 | project a = strcat(name, '-', toupper(env)), b = split(id, '/')[2], c = iff(findings > 10, 'many', 'few'), d = toint('42') + 1, e = parse_json('{\"k\":[1,2]}').k[1], f = tostring(dynamic({'x': 1})), g = array_length(tags), h = seen > ago(1d), i = now() - ago(2h) == 2h",
      ),
    ).toEqual([{ a: 'api-PROD', b: 'A', c: 'many', d: 43, e: 2, f: '{"x":1}', g: 2, h: true, i: true }]);
    expect(run('images | where todatetime(seen) between (datetime(2026-05-31) .. datetime(2026-06-02)) | count')).toEqual([{ Count: 2 }]);
  });

  test('a query may start with an operator: it reads the default table', () => {
    expect(() => run('where name == 1')).toThrow(KqlError);
    expect(refusal('where name == 1')).toMatchObject({ code: 'DisallowedLogicalTableName' });
  });
});

describe('refusals', () => {
  test.for([
    ['images | parse id with * "/" x', 'InvalidQueryLanguage', 'parse'],
    ['images | evaluate bag_unpack(props)', 'InvalidQueryLanguage', 'evaluate'],
    ['images | where name has_any ("a")', 'InvalidQueryLanguage', 'has_any'],
    ['images | extend x = base64_encode_tostring(name)', 'InvalidQueryLanguage', 'base64_encode_tostring'],
    ['images | where (name == "a"', 'ParserFailure', '<EOF>'],
    ['images | project name,', 'ParserFailure', '<EOF>'],
    ["images | where name == 'unterminated", 'ParserFailure', "'unterminated"],
    ['images | join kind=fullouter (owners) on sub', 'UnsupportedJoinFlavor', undefined],
    ['images | where missing == 1', 'FailedToResolveExpression', undefined],
    ['images | summarize n = count() | where name == "a"', 'FailedToResolveExpression', undefined],
    ['nothing | count', 'DisallowedLogicalTableName', undefined],
  ] as const)('%s → %s', ([query, code, token]) => {
    const detail = refusal(query);
    expect(detail.code).toBe(code);
    if (token !== undefined) expect(detail.token).toBe(token);
  });

  test('a column error names the operator', () => {
    expect(refusal('images | where missing == 1').message).toBe("'where' operator: Failed to resolve column or scalar expression named 'missing'");
  });
});

describe('streaming', () => {
  test('filters and projections read rows one at a time (a million-row source is never held)', () => {
    let produced = 0;
    const huge: Tabular = {
      columns: ['n'],
      rows: (function* () {
        for (let n = 0; n < 1_000_000; n++) {
          produced++;
          yield { n };
        }
      })(),
    };
    const result = plan(parseQuery('big | where n % 2 == 0 | extend m = n * 2 | project m | take 3'), () => huge, NOW);
    expect([...result.rows]).toEqual([{ m: 0 }, { m: 4 }, { m: 8 }]);
    expect(produced).toBe(5);
  });
});

describe('type pushdown', () => {
  const typed: Row[] = [
    { type: 'microsoft.a/x', n: 1 },
    { type: 'microsoft.b/y', n: 2 },
    { type: 'microsoft.a/x', n: 3 },
  ];
  function withHint(query: string): { hint: string[] | undefined; rows: Row[] } {
    let hint: string[] | undefined;
    const result = plan(parseQuery(query), (_name, types) => {
      hint = types ? [...types].sort() : undefined;
      return { columns: ['type', 'n'], rows: typed.filter((r) => !types || types.has(String(r.type))) };
    }, NOW);
    return { hint, rows: [...result.rows] };
  }

  test('a leading type filter tells the source which types to make; the answer is the same', () => {
    expect(withHint("t | where type =~ 'Microsoft.A/x' and n > 1")).toEqual({ hint: ['microsoft.a/x'], rows: [{ type: 'microsoft.a/x', n: 3 }] });
    expect(withHint("t | where type in~ ('microsoft.a/x', 'MICROSOFT.B/Y') | count").rows).toEqual([{ Count: 3 }]);
    // `==` is case-sensitive: the hint may narrow, the filter still decides.
    expect(withHint("t | where type == 'Microsoft.A/x'")).toEqual({ hint: ['microsoft.a/x'], rows: [] });
    expect(withHint("t | where type =~ 'microsoft.a/x' or n == 2").hint).toBeUndefined();
    expect(withHint('t | where n > 0 | where type =~ "microsoft.a/x"').hint).toBeUndefined();
  });
});
