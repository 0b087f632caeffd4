import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * The console web application: `npm run build:console` builds it into dist/, which the backend
 * serves at /console/ (backend/src/modules/console-app). `npx vite --config backend/console/vite.config.ts`
 * serves it with hot reload (the registration site at /console/join.html), the API proxied to the backend on :8787.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing inlined as a data: URL: the console's policy takes images from its own origin only.
    assetsInlineLimit: 0,
    target: 'es2022',
    // Two pages of one build: the console (index.html) and the public registration site (join.html,
    // served at /join/ by backend/src/modules/console-app), sharing the look and the assets.
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        join: fileURLToPath(new URL('./join.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8787', ws: true } } },
});
