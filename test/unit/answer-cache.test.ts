import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answer-cache';

describe('the answer cache', () => {
  it('serves an answer only at the version it was stored under', () => {
    const cache = new AnswerCache(1_000);
    cache.set('/a', 3, '{"v":3}');
    expect(cache.get('/a', 3)).toBe('{"v":3}');
    expect(cache.get('/a', 4)).toBeUndefined();
    expect(cache.get('/b', 3)).toBeUndefined();
    cache.set('/a', 4, '{"v":4}');
    expect(cache.get('/a', 3)).toBeUndefined();
    expect(cache.get('/a', 4)).toBe('{"v":4}');
    expect(cache.bytes, 'the replaced answer no longer counts').toBe('/a'.length + '{"v":4}'.length);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 2, misses: 3 });
  });

  it('holds at most its bytes, dropping the least recently used answers first', () => {
    const entry = (url: string) => url.length + 10;
    const cache = new AnswerCache(3 * entry('/1'));
    for (const url of ['/1', '/2', '/3']) cache.set(url, 1, 'x'.repeat(10));
    expect(cache.get('/1', 1), 'read: now the most recently used').toBeDefined();
    cache.set('/4', 1, 'x'.repeat(10));
    expect(cache.get('/2', 1)).toBeUndefined();
    for (const url of ['/1', '/3', '/4']) expect(cache.get(url, 1), url).toBeDefined();
    expect(cache.bytes).toBe(3 * entry('/1'));
  });

  it('does not keep an answer larger than all it may hold, nor anything when it may hold nothing', () => {
    const small = new AnswerCache(10);
    small.set('/a', 1, 'x'.repeat(20));
    expect(small.get('/a', 1)).toBeUndefined();
    expect(small.bytes).toBe(0);
    const none = new AnswerCache(0);
    none.set('/a', 1, '');
    expect(none.get('/a', 1)).toBeUndefined();
  });
});
