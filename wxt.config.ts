import { defineConfig } from 'wxt';

// Public half of the development signing key: pins the Chrome extension id, so the
// end-to-end tests and a hand-loaded build agree on it: ojamlmekgkkglbdejhakipbikeghponb.
const DEV_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuQT4h07YgWEjMlaX46byVHKUwPBPWyb2Wosrw10+kBnZexHU/4uYkMeK1MJLRgt86Mhd/ujYgJ/a0JEC0H6ocxTOtc/yHSXkT+ki3sVCbMdrQHitllwFwk9zBbdC5P+BTf32rBNzGnTPWR0/IbxpbDcLY/dcA0rhqHDZl2NvL81DXpyheDj+k5lnbntV6YfSJ5iR82/2QXmAx23N2W3Kkp8K9Ys9JSMaWAz+ecB5o7SfV9nbupbd7Y/N9GoYEYnI+B9Vtee0zENJ9Yfrr3zYYORU7kCzXzlm8LA/7+HplerI/GrB7Qj188wdtyOgsYBqcNECv32O2be7CqPWp6/GawIDAQAB';

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  // The icons live beside the extension's code, not at the repository's root.
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-solid'],
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Floorwalker',
    description: 'Live help from a real sales associate on participating shops, only with your consent.',
    // unlimitedStorage: a long outage's queue may pass storage.local's 10 MB.
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'scripting'],
    host_permissions: ['http://*/*', 'https://*/*'],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'floorwalker@floorwalker.dev', strict_min_version: '115.0' } } }
      : DEV_KEY ? { key: DEV_KEY } : {}),
  }),
});
