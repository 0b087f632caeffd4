import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Renders the side panel: "My results" (with data, empty, failed), the Offers tab and "In this engagement" (with data, loading, failed, empty) into HTML files for screenshots
 * (not part of the suite): `npx vitest run -c extension/features/offers-panel/testing/screens.config.ts`,
 * then `npx tsx extension/features/live-console/testing/screens.shoot.ts /tmp/results-screens /work/notes/screens results 400`.
 */
export default defineConfig({
  plugins: [WxtVitest(), solid()],
  test: { include: ['extension/features/offers-panel/testing/screens.render.ts'], environment: 'happy-dom', root: process.cwd() },
});
