import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AssociateList } from '../../../../shared/associates';
import type { ReportAnswer, ReportDimension, ReportLine } from '../../../../shared/reports';
import { BarChart, TimeChart } from '../components/Chart';
import { type Column, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead } from '../data';
import { saveBlob } from '../files';
import { money, percent } from '../sales/money.core';
import { chartSummary, currenciesOf, DIMENSION_LABELS, groupLabel, lastDays, METRIC_LABELS, MONEY_METRICS, ordersOf, reportChart, reportCsvOf, reportFileName, type ReportMetric } from '../sales/report.core';
import { useConsole } from '../state';

const PERIODS = [7, 30, 90, 365] as const;

/** The money of a line, one currency a line: "349.00 EUR". */
function moneyCell(line: ReportLine, pick: 'revenue' | 'commission'): JSX.Element {
  return (
    <For each={line.money} fallback={<span class="muted">—</span>}>
      {(m) => <div class="nowrap">{money(pick === 'revenue' ? m.revenueMinor : m.commissionMinor, m.currency)}</div>}
    </For>
  );
}

/** Reports: the enterprise's figures for a period, grouped, as a table, a chart and a CSV of the same answer. */
export default function Reports(): JSX.Element {
  const state = useConsole();
  const [days, setDays] = createSignal<number>(30);
  const [groupBy, setGroupBy] = createSignal<ReportDimension | ''>('day');
  const [datedBy, setDatedBy] = createSignal<'engagement' | 'order'>('engagement');
  const [metric, setMetric] = createSignal<ReportMetric>('engagements');
  const [currency, setCurrency] = createSignal<string | null>(null);
  const report = useRead(
    (q: { days: number; groupBy: string; datedBy: string }) => state.api.get<ReportAnswer>('/reports', { ...lastDays(new Date(), q.days), groupBy: q.groupBy, datedBy: q.datedBy }),
    () => ({ days: days(), groupBy: groupBy(), datedBy: datedBy() }),
  );
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as unknown as AssociateList));
  const names = createMemo(() => Object.fromEntries((associates.data.latest?.associates ?? []).map((a) => [a.id, a.displayName])));
  const shownCurrency = () => {
    const all = report.data.latest ? currenciesOf(report.data.latest) : [];
    return currency() && all.includes(currency()!) ? currency() : (all[0] ?? null);
  };
  const chart = createMemo(() => (report.data.latest ? reportChart(report.data.latest, metric(), shownCurrency(), names()) : null));
  const metricLabel = () => `${METRIC_LABELS[metric()]}${MONEY_METRICS.includes(metric()) && shownCurrency() ? ` (${shownCurrency()})` : ''}`;
  const columns = (answer: ReportAnswer): Column<ReportLine>[] => [
    { header: answer.groupBy.map((d) => DIMENSION_LABELS[d]).join(' · ') || 'Period', id: 'group', cell: (c) => <span class="strong nowrap">{c.row.index === answer.lines.length ? 'Total' : groupLabel(c.row.original.group, answer.groupBy, names())}</span> },
    { header: 'Opportunities', accessorKey: 'opportunities' },
    { header: 'Offers', accessorKey: 'offers' },
    { header: 'Accepted', id: 'acceptance', cell: (c) => <span class="nowrap">{`${c.row.original.offersAccepted} · ${percent(c.row.original.acceptanceRate)}`}</span> },
    { header: 'Engagements', accessorKey: 'engagements' },
    { header: 'Converted', id: 'converted', cell: (c) => <span class="nowrap">{`${c.row.original.converted} · ${percent(c.row.original.conversionRate)}`}</span> },
    { header: 'Lift', id: 'lift', cell: (c) => (c.row.original.lift ? `${percent(c.row.original.lift.value)} (${percent(c.row.original.lift.low)} to ${percent(c.row.original.lift.high)})` : '—') },
    { header: 'Orders', id: 'orders', cell: (c) => ordersOf(c.row.original) },
    { header: 'Revenue', id: 'revenue', cell: (c) => moneyCell(c.row.original, 'revenue') },
    { header: 'Commission', id: 'commission', cell: (c) => moneyCell(c.row.original, 'commission') },
  ];
  return (
    <section class="page-section wide">
      <div class="page-head">
        <h1>Reports</h1>
        <Show when={report.data.latest}>
          {(answer) => (
            <button type="button" onClick={() => saveBlob(new Blob([reportCsvOf(answer())], { type: 'text/csv' }), reportFileName(answer()))}>
              Download CSV
            </button>
          )}
        </Show>
      </div>
      <p class="lead">Opportunities, offers, engagements, conversion, attributed revenue and commission for a period; the table, the chart and the CSV are the same answer of the API.</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="The report’s period and grouping">
        <label>
          Period
          <select value={days()} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            <For each={PERIODS}>{(d) => <option value={d}>Last {d} days</option>}</For>
          </select>
        </label>
        <label>
          Grouped by
          <select value={groupBy()} onChange={(e) => setGroupBy(e.currentTarget.value as ReportDimension | '')}>
            <option value="">Nothing (the total)</option>
            <For each={Object.entries(DIMENSION_LABELS)}>{([d, l]) => <option value={d}>{l}</option>}</For>
          </select>
        </label>
        <label>
          Money dated by
          <select value={datedBy()} onChange={(e) => setDatedBy(e.currentTarget.value as 'engagement' | 'order')}>
            <option value="engagement">The engagement’s start</option>
            <option value="order">The order’s placement</option>
          </select>
        </label>
        <label>
          Chart
          <select value={metric()} onChange={(e) => setMetric(e.currentTarget.value as ReportMetric)}>
            <For each={Object.entries(METRIC_LABELS)}>{([m, l]) => <option value={m}>{l}</option>}</For>
          </select>
        </label>
        <Show when={MONEY_METRICS.includes(metric()) && report.data.latest && currenciesOf(report.data.latest).length > 1}>
          <label>
            Currency
            <select value={shownCurrency() ?? ''} onChange={(e) => setCurrency(e.currentTarget.value)}>
              <For each={currenciesOf(report.data.latest!)}>{(c) => <option value={c}>{c}</option>}</For>
            </select>
          </label>
        </Show>
      </form>
      <Switch>
        <Match when={report.problem()}>{(p) => <ErrorState problem={p()} retry={() => report.refetch()} />}</Match>
        <Match when={!report.data.latest}>
          <Loading what="the report" />
        </Match>
        <Match when={report.data.latest}>
          {(answer) => (
            <>
              <dl class="facts-grid" aria-label="The period’s total">
                <div>
                  <dt>Opportunities</dt>
                  <dd>{answer().total.opportunities}</dd>
                </div>
                <div>
                  <dt>Engagements</dt>
                  <dd>{answer().total.engagements}</dd>
                </div>
                <div>
                  <dt>Converted</dt>
                  <dd>
                    {answer().total.converted} · {percent(answer().total.conversionRate)}
                  </dd>
                </div>
                <For each={answer().total.money}>
                  {(m) => (
                    <div>
                      <dt>Revenue · commission ({m.currency})</dt>
                      <dd>
                        {money(m.revenueMinor, m.currency)} · {money(m.commissionMinor, m.currency)}
                      </dd>
                    </div>
                  )}
                </For>
              </dl>
              <Show when={answer().lines.length > 0} fallback={<Empty title="Nothing in this period">No opportunity, offer, engagement or order fell in it. Try a longer period.</Empty>}>
                <Switch>
                  <Match when={chart()?.kind === 'time' && chart()}>
                    {(c) => {
                      const time = () => c() as Extract<ReturnType<typeof chart>, { kind: 'time' }>;
                      return <TimeChart label={metricLabel()} summary={chartSummary(time(), metric())} x={time().x} series={[{ label: metricLabel(), values: time().values }]} />;
                    }}
                  </Match>
                  <Match when={chart()?.kind === 'bars' && chart()}>
                    {(c) => {
                      const bars = () => c() as Extract<ReturnType<typeof chart>, { kind: 'bars' }>;
                      return <BarChart label={metricLabel()} summary={chartSummary(bars(), metric())} labels={bars().labels} values={bars().values} />;
                    }}
                  </Match>
                  <Match when={chart()?.kind === 'none' && chart()}>{(c) => <p class="muted small">{(c() as { why: string }).why}</p>}</Match>
                </Switch>
                <div class="dense-table">
                  <ServerTable caption="The report’s lines, then the total" columns={columns(answer())} rows={[...answer().lines, { ...answer().total, group: {} }]} />
                </div>
                <p class="muted small">The last row is the period’s total. Money is per currency: currencies are never added together.</p>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
