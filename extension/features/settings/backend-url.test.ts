import { describe, expect, it } from 'vitest';
import { parseBackendUrl } from './backend-url';

describe('parseBackendUrl', () => {
  it.each([
    [' http://localhost:8787/ ', 'http://localhost:8787'],
    ['https://api.floorwalker.example', 'https://api.floorwalker.example'],
    ['https://example.com/floorwalker/', 'https://example.com/floorwalker'],
  ])('%j → %j', (input, url) => expect(parseBackendUrl(input)).toEqual({ ok: true, url }));

  it.each(['', 'localhost:8787', 'ftp://example.com', 'javascript:alert(1)', 'http://user:pw@example.com', 'http://example.com/?a=1'])(
    '%j is refused with a message',
    (input) => {
      const result = parseBackendUrl(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/./);
    },
  );
});
