import type { CatalogProduct } from '../../../../shared/catalog';
import type { ExternalProductInfo } from '../../../../shared/sales';
import type { AppDeps } from '../../deps';
import { describeError } from '../../log';
import { SourceFailure } from '../customers/fetch-json';

/**
 * A source of external product information (specifications, reviews) for a catalogue
 * product. `lookup` answers null when the source has nothing for it (or it cannot be asked
 * about it), and throws when the call fails (the error's message is safe for the log).
 */
export interface ProductInfoProvider {
  name: string;
  /** How long an answer (null included) is kept. */
  ttlSeconds: number;
  /** The key the provider would ask by, or null when it cannot ask about this product (then nothing is called). */
  keyOf(product: CatalogProduct): string | null;
  lookup(product: CatalogProduct, signal: AbortSignal): Promise<ExternalProductInfo | null>;
}

/** How long a call may run, whoever waits for it; its answer is cached for the next ask. */
export const PRODUCT_INFO_TIMEOUT_MS = 3_000;
/** How long a provider that failed is left alone (a quota, a refused key). */
export const PRODUCT_INFO_PAUSE_MS = 60_000;
/** Answers kept at most; the oldest go first. */
const CACHE_ENTRIES = 10_000;

/**
 * The configured provider behind a cache (per provider key, for its TTL, app clock) and a
 * deadline: `infoFor` answers within `deadlineMs` with what it has (null when the call is
 * slow); the call goes on until PRODUCT_INFO_TIMEOUT_MS and its answer serves the next ask.
 * Concurrent asks about one product share one call. After a failure the provider is left
 * alone for PRODUCT_INFO_PAUSE_MS.
 */
export class ProductInfo {
  private readonly cache = new Map<string, { info: ExternalProductInfo | null; until: number }>();
  private readonly calls = new Map<string, Promise<ExternalProductInfo | null>>();
  private pausedUntil = 0;

  constructor(
    private readonly deps: Pick<AppDeps, 'clock' | 'timers' | 'log'>,
    private readonly provider: ProductInfoProvider | null,
  ) {}

  async infoFor(product: CatalogProduct, deadlineMs: number): Promise<ExternalProductInfo | null> {
    const provider = this.provider;
    const key = provider?.keyOf(product);
    if (!provider || !key) return null;
    const now = this.deps.clock().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.info;
    if (now < this.pausedUntil) return null;
    let call = this.calls.get(key);
    if (!call) {
      call = this.call(provider, key, product).finally(() => this.calls.delete(key));
      this.calls.set(key, call);
    }
    let cancel: (() => void) | undefined;
    const late = new Promise<null>((resolve) => {
      cancel = this.deps.timers.after(deadlineMs, () => resolve(null));
    });
    return Promise.race([call, late]).finally(() => cancel?.());
  }

  /** Calls still running (tests wait for them). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.calls.values()]);
  }

  private async call(provider: ProductInfoProvider, key: string, product: CatalogProduct): Promise<ExternalProductInfo | null> {
    const abort = new AbortController();
    const cancel = this.deps.timers.after(PRODUCT_INFO_TIMEOUT_MS, () => abort.abort());
    try {
      const info = await provider.lookup(product, abort.signal);
      if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { info, until: this.deps.clock().getTime() + provider.ttlSeconds * 1000 });
      return info;
    } catch (err) {
      this.pausedUntil = this.deps.clock().getTime() + PRODUCT_INFO_PAUSE_MS;
      this.deps.log('product info: the provider failed', { provider: provider.name, ...(err instanceof SourceFailure ? { reason: err.reason } : describeError(err)) });
      return null;
    } finally {
      cancel();
    }
  }
}
