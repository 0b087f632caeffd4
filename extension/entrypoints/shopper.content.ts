import { defineContentScript } from '#imports';
import { runShopperContent } from '../features/shopper-mode/shopper-content';

// Registered at run time by the background (features/sites/registration.ts), only for
// the participating sites' hosts, and only after consent with observing switched on.
export default defineContentScript({
  registration: 'runtime',
  main: (ctx) => runShopperContent(ctx),
});
