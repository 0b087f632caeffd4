import type { ApiResult } from '../../lib/api';
import type { MaterialUse, PracticesView, SalesInfo } from '../../../shared/sales';
import { createOutbox } from '../live-link/outbox';
import { PAGE_SETTLE_MS } from './sales.core';

/** The backend calls the sales panels make (what `createLiveApi` gives, with the associate's token). */
export interface SalesApi {
  salesInfo(engagementId: string): Promise<ApiResult<SalesInfo>>;
  practices(engagementId: string): Promise<ApiResult<PracticesView>>;
  usage(engagementId: string, use: MaterialUse): Promise<ApiResult<unknown>>;
}

/** What a panel shows: loading (with what it had, if anything), ready, or why it failed (with what it had). */
export type Load<T> = { status: 'loading'; data: T | null; error: null } | { status: 'ready'; data: T; error: null } | { status: 'error'; data: T | null; error: string };

export interface SalesDeskDeps {
  engagementId: string;
  api: SalesApi;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  log?: (error: unknown) => void;
}

/** A failed read in the associate's words. */
export function loadErrorText(what: string, result: { status: number; message: string }): string {
  if (result.status === 0) return `Could not reach the server for ${what}. Check the connection, then try again.`;
  if (result.status === 401) return `You were signed out, so ${what} could not be read: sign in again in the side panel, then try again.`;
  if (result.status === 403) return `You may not see ${what} for this engagement (${result.message}).`;
  if (result.status === 404 || result.status === 409) return `This engagement has no ${what.replace(/^the /, '')} (${result.message}).`;
  if (result.status === 429) return `Too many requests for ${what} just now: try again in a moment.`;
  return `Could not read ${what}: ${result.message}`;
}

/**
 * The associate's sales information and practices for one engagement: read when the console
 * opens, the sales information again when the shopper's page settles on another address, the
 * practices again when the backend says the ranking changed; every use of a material posted in
 * order and retried (the live outbox's policy). The panels render `sales()` and `practices()`.
 */
export function createSalesDesk(deps: SalesDeskDeps) {
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const log = deps.log ?? ((e: unknown) => console.warn('[floorwalker] sales:', e));
  const outbox = createOutbox({ setTimer, clearTimer, log });
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  let disposed = false;

  let sales: Load<SalesInfo> = { status: 'loading', data: null, error: null };
  let practices: Load<PracticesView> = { status: 'loading', data: null, error: null };
  /** Materials used in this console, by action: the buttons say so. */
  const used = new Map<string, Set<MaterialUse['action']>>();
  let usageError: string | null = null;

  const reader = <T,>(what: string, call: () => Promise<ApiResult<T>>, get: () => Load<T>, set: (load: Load<T>) => void) =>
    loadReader(what, call, get, set, { changed, disposed: () => disposed });
  const readSales = reader(
    'the sales information',
    () => deps.api.salesInfo(deps.engagementId),
    () => sales,
    (load) => (sales = load),
  );
  const readPractices = reader(
    'the materials',
    () => deps.api.practices(deps.engagementId),
    () => practices,
    (load) => (practices = load),
  );

  let lastPage: string | null = null;
  let settle: unknown = null;

  return {
    sales: () => sales,
    practices: () => practices,
    used: (materialId: string, action: MaterialUse['action']) => used.get(materialId)?.has(action) ?? false,
    usageError: () => usageError,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Reads both (the console opened). */
    start: () => Promise.all([readSales(), readPractices()]).then(() => undefined),
    refreshSales: readSales,
    refreshPractices: readPractices,
    /**
     * The shopper's page is `url` now: the sales information is read again once the page has
     * settled (a burst of single-page-app changes is one read), and only for another address.
     */
    pageChanged(url: string): void {
      if (url === lastPage) return;
      lastPage = url;
      if (settle !== null) clearTimer(settle);
      settle = setTimer(() => {
        settle = null;
        if (!disposed) void readSales();
      }, PAGE_SETTLE_MS);
    },
    /** Records a use of a material or technique (posted in order, retried); true once the backend has it. */
    use(materialId: string, action: MaterialUse['action']): Promise<boolean> {
      const rankingId = practices.data?.rankingId;
      const body: MaterialUse = { ...(rankingId ? { rankingId } : {}), materialId, action };
      const actions = used.get(materialId) ?? new Set();
      actions.add(action);
      used.set(materialId, actions);
      usageError = null;
      changed();
      return outbox.post(
        () => deps.api.usage(deps.engagementId, body),
        `usage ${action}`,
      ).then((ok) => {
        if (!ok && !disposed) {
          usageError = 'A use of a material could not be recorded.';
          changed();
        }
        return ok;
      });
    },
    dispose(): void {
      disposed = true;
      if (settle !== null) clearTimer(settle);
      outbox.stop();
      listeners.clear();
    },
  };
}
export type SalesDesk = ReturnType<typeof createSalesDesk>;

/**
 * A reader of one resource: only its latest read lands (an older answer arriving late is
 * dropped); a failure keeps what was shown, with why.
 */
export function loadReader<T>(
  what: string,
  call: () => Promise<ApiResult<T>>,
  get: () => Load<T>,
  set: (load: Load<T>) => void,
  hooks: { changed: () => void; disposed: () => boolean },
): () => Promise<void> {
  let latest = 0;
  return async (): Promise<void> => {
    const n = ++latest;
    set({ status: 'loading', data: get().data, error: null });
    hooks.changed();
    const result = await call().catch(networkFailure);
    if (hooks.disposed() || n !== latest) return;
    set(result.ok ? { status: 'ready', data: result.body, error: null } : { status: 'error', data: get().data, error: loadErrorText(what, result) });
    hooks.changed();
  };
}

export function networkFailure(error: unknown): ApiResult<never> {
  return { ok: false, status: 0, code: 'network', message: error instanceof Error ? error.message : String(error), issues: [], retryAfterMs: null };
}

/**
 * Two reads shown as one: loading while either is, failed when either did (both reasons), the
 * first's data (what the card is about) with the second's beside it.
 */
export function bothLoads<A, B>(a: Load<A>, b: Load<B>): Load<{ first: A; second: B | null }> {
  const data = a.data === null ? null : { first: a.data, second: b.data };
  const error = [a.error, b.error].filter(Boolean).join(' ');
  if (error) return { status: 'error', data, error };
  if (a.status === 'loading' || b.status === 'loading' || data === null) return { status: 'loading', data, error: null };
  return { status: 'ready', data, error: null };
}
