import type { EnterpriseSort, MarketplaceEnterprise } from '../../../../shared/console';

/** The window the operator's figures cover. */
export const FIGURES_WINDOW_MS = 7 * 86_400_000;

type Figures = MarketplaceEnterprise['figures'];

/** An enterprise's figures before anything is counted. */
export function noFigures(): Figures {
  return { sites: 0, associates: 0, sessions7d: 0, opportunities7d: 0, engagements7d: 0, revenue7d: {} };
}

/**
 * The enterprises in the order asked for: a figure largest first, the name A to Z, `created`
 * newest first; ties by name then id, so the order never depends on how the rows came.
 */
export function sortEnterprises(list: readonly MarketplaceEnterprise[], sort: EnterpriseSort): MarketplaceEnterprise[] {
  const byName = (a: MarketplaceEnterprise, b: MarketplaceEnterprise) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...list].sort((a, b) => {
    if (sort === 'name') return byName(a, b);
    if (sort === 'created') return b.createdAt.localeCompare(a.createdAt) || byName(a, b);
    return b.figures[sort] - a.figures[sort] || byName(a, b);
  });
}
