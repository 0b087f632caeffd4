import type { ContentScriptContext } from '#imports';
import { logOnce } from '../../lib/log';
import { backendUrlItem, consentItem, modeItem, observingItem, sitesItem } from '../../lib/storage';
import { mayObserve } from '../consent/consent';
import { runInvitations } from '../invitation/invitation-content';
import { runLiveContent } from '../live-engagement/live-content';
import { observePage } from '../page-observation/observe-page';
import { deliver } from '../reporting/deliver';
import { cachedSiteFor } from '../sites/sites';

export interface ShopperContentDeps {
  /** Starts observing the page; default: every observation unit. */
  observe?: typeof observePage;
  /** Shows what associates send the shopper (invitations); default: the corner cards. */
  invitations?: typeof runInvitations;
  /** Shows a live engagement (chat, consents, co-browsing); default: the live dock. */
  live?: typeof runLiveContent;
}

/**
 * Shopper mode in a page. The script is registered only for participating sites' hosts, but
 * checks once more (the exact host and port, consent, the on/off switch, a context still
 * valid) before it observes anything, and stops reporting at once when consent or the switch
 * goes off.
 */
export async function runShopperContent(ctx: ContentScriptContext, deps: ShopperContentDeps = {}): Promise<void> {
  try {
    const [allowed, site, cache, backendUrl] = await Promise.all([mayObserve(), cachedSiteFor(location.href), sitesItem.getValue(), backendUrlItem.getValue()]);
    if (!allowed || !site || ctx.isInvalid) return;

    let stopped = false;
    const unwatch = [
      consentItem.watch((consent) => {
        if (consent?.state !== 'given') stopped = true;
      }),
      observingItem.watch((on) => {
        if (!on) stopped = true;
      }),
      modeItem.watch((mode) => {
        if (mode !== 'shopper') stopped = true;
      }),
    ];
    ctx.onInvalidated(() => {
      stopped = true;
      for (const u of unwatch) u();
    });

    (deps.observe ?? observePage)(ctx, { site, stopped: () => stopped, report: (events) => void deliver(ctx, events) });
    (deps.invitations ?? runInvitations)(ctx, { enterpriseId: site.enterpriseId });
    (deps.live ?? runLiveContent)(ctx, { siteMask: site.adapter?.mask ?? [], siteUrlRules: site.adapter?.url, siteSearchSelector: site.adapter?.search?.input?.selector, siteName: site.name,
      siteEnterpriseId: site.enterpriseId,
      sites: cache?.sites,
      backendOrigin: originOf(backendUrl),
    });
  } catch (error) {
    logOnce('shopper', error);
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
