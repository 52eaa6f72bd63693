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
    ['entities not an array', { ...valid, entities: { type: 'mention' } }],
    ['a null entity', { ...valid, entities: [null] }],
    ['attachments as a string', { ...valid, attachments: 'card' }],
    ['membersAdded as a string', { ...valid, type: 'conversationUpdate', membersAdded: '29:abc' }],
    ['a member without an id', { ...valid, type: 'conversationUpdate', membersAdded: [{ name: 'x' }] }],
    ['channelData as an array', { ...valid, channelData: [] }],
    ['a numeric tenant id', { ...valid, conversation: { id: 'a:1', tenantId: 5 } }],
  ] as const)('refuses %s', ([, body]) => {
    expect(activityProblem(body)).toMatch(/\w/);
  });
});

describe('well-formed lists pass', () => {
  test('entities, attachments and members as arrays of objects', () => {
    expect(activityProblem({ ...valid, entities: [{ type: 'mention' }], attachments: [], membersAdded: [{ id: '28:bot' }] })).toBeUndefined();
  });
});
