import { defineConfig } from 'wxt';

// Public half of the development signing key: pins the Chrome extension id, so the
// end-to-end tests and a hand-loaded build agree on it: ojamlmekgkkglbdejhakipbikeghponb.
const DEV_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuQT4h07YgWEjMlaX46byVHKUwPBPWyb2Wosrw10+kBnZexHU/4uYkMeK1MJLRgt86Mhd/ujYgJ/a0JEC0H6ocxTOtc/yHSXkT+ki3sVCbMdrQHitllwFwk9zBbdC5P+BTf32rBNzGnTPWR0/IbxpbDcLY/dcA0rhqHDZl2NvL81DXpyheDj+k5lnbntV6YfSJ5iR82/2QXmAx23N2W3Kkp8K9Ys9JSMaWAz+ecB5o7SfV9nbupbd7Y/N9GoYEYnI+B9Vtee0zENJ9Yfrr3zYYORU7kCzXzlm8LA/7+HplerI/GrB7Qj188wdtyOgsYBqcNECv32O2be7CqPWp6/GawIDAQAB';

/** The sites whose access may be asked for: any http(s) host, one at a time. */
const SITE_ORIGINS = ['http://*/*', 'https://*/*'];
/** Asked for only when an associate turns on offer notifications in agent mode: a shopper is never asked. */
const AGENT_PERMISSIONS = ['notifications'];

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  // The icons live beside the extension's code, not at the repository's root.
  publicDir: 'extension/public',
  // The polyfill: `browser` is the same promise-based API on Chrome and Firefox (tests still get fakeBrowser).
  modules: ['@wxt-dev/module-solid', '@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Floorwalker',
    description: 'Live help from a real sales associate on participating shops, only with your consent.',
    // unlimitedStorage: a long outage's queue may pass storage.local's 10 MB.
    // offscreen (Chrome only; Firefox has no such API and would copy it unchanged): the live
    // engagement's peer connection and microphone live in an offscreen document.
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'scripting', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // No access to any site at install: the participating shops' hosts are requested at run
    // time, when the shopper consents and when the list grows (features/site-access).
    ...(browser === 'firefox'
      ? {
          // MV2 has no optional_host_permissions (WXT drops them): origins go with the optional permissions.
          optional_permissions: [...SITE_ORIGINS, ...AGENT_PERMISSIONS],
          browser_specific_settings: {
            gecko: {
              id: 'floorwalker@floorwalker.dev',
              strict_min_version: '115.0',
              // Firefox's own statement of what leaves the browser (read from Firefox 140): the pages
              // and products looked at, searches and cart actions on participating shops. Our consent
              // page asks again before anything is observed.
              data_collection_permissions: { required: ['browsingActivity', 'websiteActivity', 'websiteContent', 'searchTerms'] },
            },
          },
        }
      : { optional_host_permissions: SITE_ORIGINS, optional_permissions: AGENT_PERMISSIONS, key: DEV_KEY }),
  }),
});
