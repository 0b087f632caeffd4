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

export function TimeChart(props: { label: string; summary: string; x: number[]; series: ChartSeries[]; height?: number }): JSX.Element {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  // A token is light-dark(…): its colour is known once applied, so a probe element resolves it for the canvas.
  const colour = (name: string) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    box.append(probe);
    const resolved = getComputedStyle(probe).color;
    probe.remove();
    return resolved || '#1d6b57';
  };
  const build = () => {
    plot?.destroy();
    const axis = { stroke: colour('--muted'), grid: { stroke: colour('--border'), width: 1 }, ticks: { stroke: colour('--border') } };
    plot = new uPlot(
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
  };
  onMount(() => {
    build();
    const observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(200, box.clientWidth), height: props.height ?? 200 }));
    observer.observe(box);
    // The theme changed (toggle or system): the colours are read again.
    const themes = new MutationObserver(build);
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const system = window.matchMedia('(prefers-color-scheme: dark)');
    system.addEventListener('change', build);
    onCleanup(() => {
      observer.disconnect();
      themes.disconnect();
      system.removeEventListener('change', build);
      plot?.destroy();
    });
  });
  createEffect(() => {
    const data = [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    plot?.setData(data);
  });
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={`${props.label}: ${props.summary}`} />
      <figcaption class="muted small">{props.label}</figcaption>
    </figure>
  );
}
