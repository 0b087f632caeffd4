import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { sitesItem } from '../../lib/storage';
import { DEMO_SITES } from '../../lib/testing/fake-backend';
import { installFakePermissions } from '../../lib/testing/fake-permissions';
import { accessPatterns, missingSiteAccess, requestSiteAccess } from './site-access';

let permissions: ReturnType<typeof installFakePermissions>;

beforeEach(() => {
  fakeBrowser.reset();
  permissions = installFakePermissions();
});

describe('accessPatterns', () => {
  it.each([
    { domains: ['localhost:4101', 'localhost:4102'], patterns: ['http://localhost/*', 'https://localhost/*'] },
    { domains: ['shop.example'], patterns: ['http://*.shop.example/*', 'https://*.shop.example/*'] },
    { domains: ['127.0.0.1:8080'], patterns: ['http://127.0.0.1/*', 'https://127.0.0.1/*'] },
    { domains: ['b.example', 'A.example'], patterns: ['http://*.a.example/*', 'http://*.b.example/*', 'https://*.a.example/*', 'https://*.b.example/*'] },
    { domains: [], patterns: [] },
  ])('$domains → $patterns', ({ domains, patterns }) => {
    expect(accessPatterns(domains.map((domain) => ({ domain })))).toEqual(patterns);
  });

  it('asks for no "*://" pattern, which Chrome refuses to request against optional http and https access', () => {
    expect(accessPatterns(DEMO_SITES).filter((p) => p.startsWith('*'))).toEqual([]);
  });
});

describe('missingSiteAccess', () => {
  it('is empty while there is no site list', async () => {
    expect(await missingSiteAccess()).toEqual([]);
  });

  it('lists what the cached sites need and the browser has not granted', async () => {
    await sitesItem.setValue({ backendUrl: 'http://localhost:8787', sites: DEMO_SITES, fetchedAt: 0, expiresAt: 1 });
    permissions.granted.add('http://localhost/*');
    permissions.granted.add('https://localhost/*');
    expect(await missingSiteAccess()).toEqual(['http://*.shop.example/*', 'https://*.shop.example/*']);
  });
});

describe('requestSiteAccess', () => {
  it('asks the browser for exactly these patterns and says whether the shopper granted them', async () => {
    expect(await requestSiteAccess(['http://localhost/*', 'https://localhost/*'])).toBe(true);
    expect(permissions.requests).toEqual([['http://localhost/*', 'https://localhost/*']]);
    permissions.answerWith(() => false);
    expect(await requestSiteAccess(['http://*.shop.example/*'])).toBe(false);
    expect(permissions.granted).toEqual(new Set(['http://localhost/*', 'https://localhost/*']));
  });

  it('asks nothing when nothing is missing', async () => {
    expect(await requestSiteAccess([])).toBe(true);
    expect(permissions.requests).toEqual([]);
  });

  it('fails with a message a page can show when the browser will not ask', async () => {
    fakeBrowser.permissions.request = async () => {
      throw new Error('This function must be called during a user gesture');
    };
    await expect(requestSiteAccess(['http://localhost/*'])).rejects.toThrow(
      'The browser did not ask you for access to the participating shops: This function must be called during a user gesture',
    );
  });
});
