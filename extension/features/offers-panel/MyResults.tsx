import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch } from '#imports';
import type { MyAdmission } from '../../../shared/associates';
import type { MyCommission } from '../../../shared/commission';
import type { ReportAnswer } from '../../../shared/reports';
import type { ApiResult } from '../../lib/api';
import type { AgentApi, AgentProfile } from '../agent-sign-in/agent-api';
import {
  dayBars,
  dayBarText,
  enterprisesOf,
  formatCount,
  formatDay,
  formatRate,
  formerEnterprises,
  isEmptyPeriod,
  moneyLines,
  type Period,
  PERIODS,
  payableRows,
  periodRange,
  type ResultsEnterprise,
  resultsErrorText,
} from './results.core';

/** The backend calls "My results" makes (the associate API's, with the signed-in token). */
export type ResultsApi = Pick<AgentApi, 'myResults' | 'myCommission'>;

/** One read: loading (with what was shown before), ready, or why it failed (with what was shown before). */
type Load<T> = { status: 'loading' | 'ready'; data: T | null; error: null } | { status: 'error'; data: T | null; error: string };
const loading = <T,>(before: Load<T> | undefined): Load<T> => ({ status: 'loading', data: before?.data ?? null, error: null });

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signed-in associate's own results, per enterprise they work for, over a period (last 7
 * days, last 30 days, this month): engagements, conversion, revenue and average order per
 * currency, commission earned, a bar per day; and what each enterprise owes them by month,
 * payable (locked) and in hold (pending). Read when shown, when the period changes and on Refresh.
 */
export function MyResults(props: { api: ResultsApi; token: string; associate: AgentProfile; admissions: readonly MyAdmission[]; now?: () => number; locale?: string }) {
  const now = () => (props.now ?? Date.now)();
  const locale = () => props.locale;
  const [period, setPeriod] = createSignal<Period>('last7');
  const [results, setResults] = createSignal<Record<string, Load<ReportAnswer>>>({});
  const [commission, setCommission] = createSignal<Load<MyCommission>>({ status: 'loading', data: null, error: null });
  const [days, setDays] = createSignal<string[]>([]);
  const payable = () => commission().data?.payable ?? [];
  const enterprises = createMemo(() => enterprisesOf(props.associate, props.admissions, payable()), undefined, {
    equals: (a, b) => a.length === b.length && a.every((e, i) => e.id === b[i]!.id && e.name === b[i]!.name),
  });
  const former = () => formerEnterprises(payable(), enterprises());
  let latest = 0;
  let disposed = false;
  onCleanup(() => (disposed = true));

  const failed = (error: unknown): ApiResult<never> => ({ ok: false, status: 0, code: 'network', message: String(error), issues: [], retryAfterMs: null });

  async function load(): Promise<void> {
    const n = ++latest;
    const range = periodRange(period(), now());
    setDays(range.days);
    const timeZone = browserTimeZone();
    const list = enterprises();
    setResults((before) => Object.fromEntries(list.map((e) => [e.id, loading(before[e.id])])));
    setCommission((before) => loading(before));
    const current = () => !disposed && n === latest;
    await Promise.all([
      ...list.map(async (e) => {
        const answer = await props.api.myResults(props.token, { enterpriseId: e.id, from: range.from, to: range.to, ...(timeZone ? { timeZone } : {}) }).catch(failed);
        if (!current()) return;
        setResults((before) => ({
          ...before,
          [e.id]: answer.ok ? { status: 'ready', data: answer.body, error: null } : { status: 'error', data: before[e.id]?.data ?? null, error: resultsErrorText('your results', answer) },
        }));
      }),
      (async () => {
        const answer = await props.api.myCommission(props.token).catch(failed);
        if (!current()) return;
        setCommission((before) => (answer.ok ? { status: 'ready', data: answer.body, error: null } : { status: 'error', data: before.data, error: resultsErrorText('your commission', answer) }));
      })(),
    ]);
  }
  // Again when the period or the enterprises change (an admission accepted or left).
  const enterpriseIds = createMemo(() => enterprises().map((e) => e.id).join(' '));
  createEffect(on([period, enterpriseIds, () => props.token], () => void load()));

  const busy = () => commission().status === 'loading' || Object.values(results()).some((r) => r.status === 'loading');
  const periodLabel = () => PERIODS.find((p) => p.id === period())!.label;

  return (
    <section class="results" data-testid="results" aria-labelledby="results-title" aria-busy={busy()}>
      <h2 id="results-title">My results</h2>
      <fieldset class="period" data-testid="results-period">
        <legend class="sr-only">Period</legend>
        <For each={PERIODS}>
          {(p) => (
            <label classList={{ chosen: period() === p.id }}>
              <input type="radio" name="results-period" value={p.id} checked={period() === p.id} data-testid={`results-period-${p.id}`} onChange={() => setPeriod(p.id)} />
              {p.label}
            </label>
          )}
        </For>
      </fieldset>

      <Show when={commission().error}>
        {(error) => <Failure message={error()} testId="commission-error" onRetry={() => void load()} />}
      </Show>
      <Show when={enterprises().length === 0 && former().length === 0 && commission().status !== 'loading'}>
        <p class="empty muted" data-testid="results-no-enterprise">
          You do not work for an enterprise yet. Results show here once you work for one.
        </p>
      </Show>

      <For each={enterprises()}>
        {(e) => (
          <EnterpriseResults
            enterprise={e}
            load={results()[e.id] ?? { status: 'loading', data: null, error: null }}
            days={days()}
            periodLabel={periodLabel()}
            payable={payableRows(payable(), e.id, locale())}
            commissionKnown={commission().data !== null}
            locale={locale()}
            onRetry={() => void load()}
          />
        )}
      </For>
      <For each={former()}>
        {(e) => (
          <article class="results-card" data-testid="results-enterprise" data-enterprise-id={e.id} data-state="former" aria-labelledby={`results-${e.id}`}>
            <h3 id={`results-${e.id}`}>{e.name}</h3>
            <p class="muted small">You no longer work for {e.name}; it still owes you this commission.</p>
            <PayableTable name={e.name} rows={payableRows(payable(), e.id, locale())} />
          </article>
        )}
      </For>

      <div class="actions">
        <button class="link" data-testid="results-refresh" disabled={busy()} onClick={() => void load()}>
          {busy() ? 'Updating…' : 'Refresh'}
        </button>
      </div>
    </section>
  );
}

function Failure(props: { message: string; testId: string; onRetry: () => void }) {
  return (
    <div class="alert results-error" role="alert" data-testid={props.testId}>
      <span>{props.message}</span>
      <button data-testid="results-retry" onClick={() => props.onRetry()}>
        Try again
      </button>
    </div>
  );
}

function EnterpriseResults(props: {
  enterprise: ResultsEnterprise;
  load: Load<ReportAnswer>;
  days: string[];
  periodLabel: string;
  payable: ReturnType<typeof payableRows>;
  commissionKnown: boolean;
  locale: string | undefined;
  onRetry: () => void;
}) {
  const data = () => props.load.data;
  const state = () => (props.load.status === 'error' ? 'error' : !data() || props.load.status === 'loading' ? 'loading' : isEmptyPeriod(data()!) ? 'empty' : 'ready');
  const titleId = () => `results-${props.enterprise.id}`;
  return (
    <article class="results-card" data-testid="results-enterprise" data-enterprise-id={props.enterprise.id} data-state={state()} aria-labelledby={titleId()}>
      <h3 id={titleId()}>{props.enterprise.name}</h3>
      <Show when={props.load.error}>{(error) => <Failure message={error()} testId="results-error" onRetry={props.onRetry} />}</Show>
      <Switch>
        <Match when={!data() && props.load.status === 'loading'}>
          <p class="muted" role="status" data-testid="results-loading">
            Loading your results…
          </p>
        </Match>
        <Match when={data() && isEmptyPeriod(data()!)}>
          <p class="empty muted" data-testid="results-empty">
            No engagements in this period yet
          </p>
        </Match>
        <Match when={data()}>{(answer) => <Figures answer={answer()} days={props.days} periodLabel={props.periodLabel} locale={props.locale} />}</Match>
      </Switch>
      <Show when={props.commissionKnown}>
        <PayableTable name={props.enterprise.name} rows={props.payable} />
      </Show>
    </article>
  );
}

function Figures(props: { answer: ReportAnswer; days: string[]; periodLabel: string; locale: string | undefined }) {
  const total = () => props.answer.total;
  const money = () => moneyLines(total().money, props.locale);
  const bars = () => dayBars(props.answer, props.days);
  const perCurrency = (pick: (m: ReturnType<typeof moneyLines>[number]) => string, testId: string) => (
    <Show when={money().length > 0} fallback={<dd data-testid={testId}>None yet</dd>}>
      <dd data-testid={testId}>
        <ul class="money">
          <For each={money()}>{(m) => <li data-currency={m.currency}>{pick(m)}</li>}</For>
        </ul>
      </dd>
    </Show>
  );
  return (
    <>
      <dl class="figures">
        <div>
          <dt>Engagements</dt>
          <dd data-testid="results-engagements">{formatCount(total().engagements, props.locale)}</dd>
        </div>
        <div>
          <dt>Conversion</dt>
          <dd data-testid="results-conversion">
            {formatRate(total().conversionRate, props.locale)} <span class="muted small">({formatCount(total().converted, props.locale)} bought)</span>
          </dd>
        </div>
        <div>
          <dt>Revenue</dt>
          {perCurrency((m) => m.revenue, 'results-revenue')}
        </div>
        <div>
          <dt>Average order</dt>
          {perCurrency((m) => m.averageOrder, 'results-average')}
        </div>
        <div class="wide">
          <dt>Commission earned</dt>
          {perCurrency((m) => m.commission, 'results-commission')}
        </div>
      </dl>
      <Show when={bars().length > 0}>
        <div class="day-bars-block">
          <h4 id={`bars-${props.answer.from}`} class="small muted">
            Engagements per day, {props.periodLabel.toLowerCase()}
          </h4>
          <ol class="day-bars" data-testid="results-days" aria-labelledby={`bars-${props.answer.from}`} style={{ '--days': String(bars().length) }}>
            <For each={bars()}>
              {(bar) => (
                <li data-day={bar.day} data-engagements={bar.engagements} title={dayBarText(bar, props.locale)}>
                  <span class="sr-only">{dayBarText(bar, props.locale)}</span>
                  <span class="day-bar" aria-hidden="true" style={{ height: `${Math.max(bar.height * 100, bar.engagements > 0 ? 6 : 2)}%` }}>
                    <span class="day-bar-converted" style={{ height: `${bar.convertedShare * 100}%` }} />
                  </span>
                </li>
              )}
            </For>
          </ol>
          <p class="day-axis small muted" aria-hidden="true">
            <span>{formatDay(bars()[0]!.day, props.locale)}</span>
            <Show when={bars().length > 1}>
              <span>{formatDay(bars().at(-1)!.day, props.locale)}</span>
            </Show>
          </p>
          <p class="day-bars-legend small muted" aria-hidden="true">
            <span class="key key-all" /> engagements <span class="key key-converted" /> bought
          </p>
        </div>
      </Show>
    </>
  );
}

function PayableTable(props: { name: string; rows: ReturnType<typeof payableRows> }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="muted small" data-testid="payable-none">No commission recorded with {props.name} yet.</p>}>
      <table class="payable" data-testid="payable">
        <caption>Commission by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Payable</th>
            <th scope="col">In hold</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr data-testid="payable-month" data-month={r.month} data-currency={r.currency}>
                <th scope="row">{r.label}</th>
                <td data-testid="payable-locked">{r.payable}</td>
                <td data-testid="payable-pending">{r.pending}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
