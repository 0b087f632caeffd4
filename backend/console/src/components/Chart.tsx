import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { createEffect, type JSX, onCleanup, onMount } from 'solid-js';

/**
 * A time chart on uPlot: x in seconds, one or more series, in the console's colours (read from
 * its tokens, so light and dark follow), as wide as its box. The figures are also given as text
 * (`summary`) for who cannot see the chart.
 */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/** Builds the plot when mounted, follows the box's width and the theme (the colours are read again), and ends with the component. */
function mountPlot(boxOf: () => HTMLDivElement, build: () => uPlot, height: () => number): { current: () => uPlot | undefined; rebuild: () => void } {
  let plot: uPlot | undefined;
  const rebuild = () => {
    plot?.destroy();
    plot = build();
  };
  onMount(() => {
    const box = boxOf();
    rebuild();
    const observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(200, box.clientWidth), height: height() }));
    observer.observe(box);
    // The theme changed (toggle or system): the colours are read again.
    const themes = new MutationObserver(rebuild);
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const system = window.matchMedia('(prefers-color-scheme: dark)');
    system.addEventListener('change', rebuild);
    onCleanup(() => {
      observer.disconnect();
      themes.disconnect();
      system.removeEventListener('change', rebuild);
      plot?.destroy();
    });
  });
  return { current: () => plot, rebuild };
}

/** A colour of the console's tokens, as the box sees it: a token is light-dark(…), known once applied, so a probe element resolves it for the canvas. */
const tokenColour = (box: HTMLElement, name: string) => {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  box.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved || '#1d6b57';
};

/** The axes' look in the console's colours. */
const axisOf = (box: HTMLElement) => ({ stroke: tokenColour(box, '--muted'), grid: { stroke: tokenColour(box, '--border'), width: 1 }, ticks: { stroke: tokenColour(box, '--border') } });

export function TimeChart(props: { label: string; summary: string; x: number[]; series: ChartSeries[]; height?: number }): JSX.Element {
  let box!: HTMLDivElement;
  const colour = (name: string) => tokenColour(box, name);
  const plot = mountPlot(
    () => box,
    () => {
      const axis = axisOf(box);
      return new uPlot(
        {
          width: Math.max(200, box.clientWidth),
          height: props.height ?? 200,
          legend: { show: props.series.length > 1 },
          axes: [axis, axis],
          series: [{}, ...props.series.map((s, i) => ({ label: s.label, stroke: i === 0 ? colour('--accent') : colour('--warn'), width: 2, fill: i === 0 ? colour('--accent-soft') : undefined }))],
        },
        [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData,
        box,
      );
    },
    () => props.height ?? 200,
  );
  createEffect(() => {
    const data = [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    plot.current()?.setData(data);
  });
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={`${props.label}: ${props.summary}`} />
      <figcaption class="muted small">{props.label}</figcaption>
    </figure>
  );
}

/**
 * Bars on uPlot, one per label in the given order (x is the label's index), in the console's
 * colours; the figures also as text (`summary`). Long labels are cut on the axis, whole in the summary.
 */
export function BarChart(props: { label: string; summary: string; labels: string[]; values: number[]; height?: number }): JSX.Element {
  let box!: HTMLDivElement;
  const short = (s: string) => (s.length > 18 ? `${s.slice(0, 17)}…` : s);
  const data = () => [props.labels.map((_, i) => i), props.values] as uPlot.AlignedData;
  const build = () => {
    const axis = axisOf(box);
    const accent = tokenColour(box, '--accent');
    return new uPlot(
      {
        width: Math.max(200, box.clientWidth),
        height: props.height ?? 220,
        legend: { show: false },
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [{ ...axis, grid: { show: false }, splits: () => props.labels.map((_, i) => i), values: () => props.labels.map(short) }, axis],
        series: [{}, { label: props.label, stroke: accent, fill: accent, width: 0, paths: uPlot.paths.bars!({ size: [0.6, 64] }), points: { show: false } }],
      },
      data(),
      box,
    );
  };
  const plot = mountPlot(() => box, build, () => props.height ?? 220);
  createEffect(() => {
    data();
    // The labels are read by the axis: new lines build the chart again (the first build is the mount's).
    if (plot.current()) plot.rebuild();
  });
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={`${props.label}: ${props.summary}`} />
      <figcaption class="muted small">{props.label}</figcaption>
    </figure>
  );
}
