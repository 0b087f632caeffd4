import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Renders the console and the dock with the sales fixtures into HTML files for screenshots (not
 * part of the suite): `npx vitest run -c extension/features/live-console/testing/screens.config.ts`,
 * then `npx tsx extension/features/live-console/testing/screens.shoot.ts <dir> <name>`.
 */
export default defineConfig({
  plugins: [WxtVitest(), solid()],
  test: { include: ['extension/features/live-console/testing/screens.render.ts'], environment: 'happy-dom', root: process.cwd() },
});
