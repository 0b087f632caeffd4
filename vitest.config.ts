import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'shared', include: ['shared/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'backend',
          include: ['backend/**/*.test.ts'],
          exclude: ['backend/console/**'],
          environment: 'node',
          // PGlite runs on the event-loop thread and each file opens its own: keep files apart.
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The console web application (backend/console): its pure cores and components, in happy-dom.
        plugins: [solid()],
        test: { name: 'console', include: ['backend/console/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        // solid: the pages' components (.tsx) are compiled for tests too, and render in happy-dom.
        plugins: [WxtVitest(), solid()],
        test: { name: 'extension', include: ['extension/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        // The demo shops and their seed data: real HTTP servers, and the backend on both databases.
        test: { name: 'demo', include: ['demo/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        // The tools beside the product: the detection measured on the corpus of real pages (corpus/)
        // with jsdom, and the README checked against the tree.
        test: { name: 'scripts', include: ['scripts/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 300_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
