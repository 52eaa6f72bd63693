import { describe, expect, test } from 'vitest';
import { RateLimiter, slowDownText } from '../../../src/bot/rate-limit.js';

describe('RateLimiter', () => {
  test('admits the limit per minute, then refuses with a notice once', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('priya').allowed).toBe(true);
      now += 1_000;
    }
    const first = limiter.check('priya');
    expect(first).toMatchObject({ allowed: false, notify: true });
    // The oldest admitted command (t=0) leaves the window at t=60 s; now is t=3 s.
    expect(first.retryAfterSeconds).toBe(57);
    expect(limiter.check('priya')).toMatchObject({ allowed: false, notify: false });
  });

  test('the window slides: one more is admitted as each old one ages out', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    limiter.check('u');
    now = 30_000;
    limiter.check('u');
    expect(limiter.check('u').allowed).toBe(false);
    now = 60_001;
    expect(limiter.check('u').allowed).toBe(true);
    expect(limiter.check('u').allowed).toBe(false);
    now = 90_001;
    expect(limiter.check('u').allowed).toBe(true);
  });

  test('people are counted separately, and a new minute brings a new notice', () => {
    let now = 0;
    const limiter = new RateLimiter(1, () => now);
    expect(limiter.check('priya').allowed).toBe(true);
    expect(limiter.check('priya').notify).toBe(true);
    expect(limiter.check('diego').allowed).toBe(true);
    now = 61_000;
    expect(limiter.check('priya').allowed).toBe(true);
    expect(limiter.check('priya').notify).toBe(true);
  });

  test('0 means no limit', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.check('u').allowed).toBe(true);
  });

  test('the notice is polite and says when to try again', () => {
    expect(slowDownText(30, 12)).toMatch(/slow down.*12 seconds/i);
    expect(slowDownText(30, 12)).toContain('30 requests a minute');
  });
});
