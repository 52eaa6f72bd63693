import { describe, expect, test } from 'vitest';
import { activityProblem } from '../../../src/http/server.js';

const valid = {
  type: 'message',
  from: { id: '29:abc' },
  conversation: { id: 'a:1' },
  serviceUrl: 'http://127.0.0.1:1/',
  text: 'help',
};

describe('activityProblem', () => {
  test('accepts a well-formed activity', () => {
    expect(activityProblem(valid)).toBeUndefined();
  });

  test.for([
    ['not an object', 'hello'],
    ['an array', [valid]],
    ['null', null],
    ['no type', { ...valid, type: undefined }],
    ['numeric type', { ...valid, type: 7 }],
    ['no from', { ...valid, from: undefined }],
    ['from without id', { ...valid, from: { name: 'x' } }],
    ['no conversation', { ...valid, conversation: undefined }],
    ['conversation id not a string', { ...valid, conversation: { id: 5 } }],
    ['no serviceUrl', { ...valid, serviceUrl: undefined }],
    ['serviceUrl not http', { ...valid, serviceUrl: 'file:///etc/passwd' }],
    ['text not a string', { ...valid, text: { a: 1 } }],
  ] as const)('refuses %s', ([, body]) => {
    expect(activityProblem(body)).toMatch(/\w/);
  });
});
