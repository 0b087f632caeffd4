import { describe, expect, it } from 'vitest';
import { joinUrl } from './join-link';

describe('the link to the registration site', () => {
  it('is the backend’s /join/, whatever path the backend address has', () => {
    expect(joinUrl('https://floor.example.com')).toBe('https://floor.example.com/join/');
    expect(joinUrl('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787/join/');
    expect(joinUrl('https://floor.example.com/api')).toBe('https://floor.example.com/join/');
  });

  it('is none without a usable address', () => {
    expect(joinUrl(undefined)).toBeNull();
    expect(joinUrl('')).toBeNull();
    expect(joinUrl('not a url')).toBeNull();
    expect(joinUrl('javascript:alert(1)')).toBeNull();
  });
});
