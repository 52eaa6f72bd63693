import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { eachPageItem } from '../../../src/azure/findings/page-items.js';

/** ARM list pages read item by item from their bytes give exactly what JSON.parse gives. */

function read(text: string): { items: unknown[]; rest: Record<string, unknown> } {
  const items: unknown[] = [];
  const rest = eachPageItem(Buffer.from(text, 'utf8'), (item) => items.push(item));
  return { items, rest };
}

describe('a page read item by item', () => {
  test.for([
    ['nextLink after the items', '{"value":[{"id":"a","n":1},{"id":"b","nested":{"x":[1,2,{"y":"}]"}]}}],"nextLink":"https://arm.example/next?$skiptoken=x"}'],
    ['nextLink first, spaces and new lines', '{ "nextLink" : "https://arm.example/n" ,\n  "value" : [ {"id":"a"} ,\n {"id":"b"} ] }'],
    ['strings with quotes, backslashes and brackets', String.raw`{"value":[{"t":"say \"hi\" [not] {an} array\\"},{"t":"\\\"","u":"ünïcødé ✓"}]}`],
    ['an empty page', '{"value":[]}'],
    ['no value at all', '{"nextLink":"https://arm.example/n"}'],
    ['a nested "value" key is not the page\'s', '{"properties":{"value":[1,2]},"value":[{"value":[3]}]}'],
    ['a string "value" before the key', '{"kind":"value","value":[{"a":1},2,"three",null,true]}'],
    ['scalars as items', '{"value":[1,-2.5e3,"x",false,null]}'],
  ])('%s', ([, text]) => {
    const expected = JSON.parse(text as string) as { value?: unknown[] } & Record<string, unknown>;
    const { value, ...others } = expected;
    const { items, rest } = read(text as string);
    expect(items).toEqual(value ?? []);
    expect(rest).toEqual(others);
  });

  test('any JSON page reads the same as JSON.parse', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.option(fc.webUrl(), { nil: undefined }), fc.boolean(), (value, nextLink, linkFirst) => {
        const page = linkFirst ? { ...(nextLink ? { nextLink } : {}), value } : { value, ...(nextLink ? { nextLink } : {}) };
        const text = JSON.stringify(page, null, linkFirst ? 1 : undefined);
        const expected = JSON.parse(text) as { value: unknown[] };
        const { items, rest } = read(text);
        expect(items).toEqual(expected.value);
        expect(rest).toEqual(nextLink ? { nextLink } : {});
      }),
    );
  });

  test('malformed JSON fails as JSON.parse does', () => {
    expect(() => read('{"value":[{"id":"a"},')).toThrow(SyntaxError);
    expect(() => read('{"value":[{"id":"a"}')).toThrow(SyntaxError);
    expect(() => read('<html>proxy error</html>')).toThrow(SyntaxError);
  });
});
