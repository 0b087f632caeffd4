/**
 * Co-browsing through the real stack: two Chromium instances with the built extension (a
 * shopper in a live engagement, sharing the tab; an associate's live console), the backend's
 * PeerJS server for signalling, the data channel peer to peer on this machine.
 *
 * - Latency: from a DOM change on the shopper's page to the change shown in the associate's
 *   replay (the animation frame after rrweb applied it), for `--changes` changes. Both
 *   browsers read the same system clock (performance.timeOrigin + performance.now()).
 * - Bytes per minute: everything the associate's side received during `--seconds` of scripted
 *   browsing (pages, scrolling, pointer moves, typing a search), scaled to a minute.
 * - Recording cost on a heavy page: the shop page's renderer process CPU time (as the OS counts
 *   it; the main thread's CDP TaskDuration beside it) over the same scripted work on a
 *   2,000-card product listing with a live price ticker, viewed (recording) and not viewed,
 *   `--rounds` times each in ABBA order (`recording_overhead_pct`: the medians' ratio), and
 *   the messages the associate received meanwhile.
 *   `--profile DIR` writes each window's V8 CPU profile there (.cpuprofile, for DevTools).
 *
 *   npm run bench -- cobrowse [--changes 200] [--seconds 30] [--rounds 5] [--profile DIR]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import type { AgentAccount } from '../e2e/support/agent';
import { eventually } from '../e2e/support/browser';
import { clickInClosedShadow, inClosedShadow } from '../e2e/support/closed-shadow';
import { allow, BANNER, type LiveEngagement, startLiveEngagement } from '../e2e/support/live';
import { type Stack, startStack } from '../e2e/support/stack';
import { webrtcFigures } from '../e2e/support/webrtc';
import { quantile, table } from './lib';

const ANA: AgentAccount = { email: 'ana@voltaire.example', password: 'ana-demo-password', displayName: 'Ana' };

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      changes: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '30' },
      rounds: { type: 'string', default: '5' },
      profile: { type: 'string' },
    },
  });
  const changes = Math.max(10, Number(values.changes));
  const seconds = Math.max(5, Number(values.seconds));
  const rounds = Math.max(1, Number(values.rounds));

  let stack: Stack | undefined;
  let live: LiveEngagement | undefined;
  try {
    stack = await startStack();
    live = await startLiveEngagement(stack, ANA);
    await startViewing(live);

    const latencies = await measureLatency(live, changes);
    const bytes = await measureBytes(live, seconds);
    const cost = await measureRecordingCost(live, rounds, values.profile);

    const sorted = [...latencies].sort((a, b) => a - b);
    const round1 = (n: number) => Math.round(n * 10) / 10;
    const medianOf = (windows: CostWindow[], key: keyof CostWindow) => median(windows.map((w) => w[key]));
    const overhead = (key: keyof CostWindow) => round1((medianOf(cost.viewed, key) / medianOf(cost.notViewed, key) - 1) * 100);
    const overheadPct = overhead('cpuMs');
    const figures = {
      bench: 'cobrowse',
      changes: sorted.length,
      p50_ms: round1(quantile(sorted, 0.5)),
      p90_ms: round1(quantile(sorted, 0.9)),
      p99_ms: round1(quantile(sorted, 0.99)),
      max_ms: round1(sorted.at(-1) ?? NaN),
      bytes_per_min: Math.round((bytes.bytes / bytes.seconds) * 60),
      frames_per_min: Math.round((bytes.frames / bytes.seconds) * 60),
      heavy_page_cards: HEAVY_CARDS,
      heavy_cpu_ms_viewed: round1(medianOf(cost.viewed, 'cpuMs')),
      heavy_cpu_ms_not_viewed: round1(medianOf(cost.notViewed, 'cpuMs')),
      heavy_cpu_overhead_pct: overheadPct,
      // The page's main thread, wall time of its tasks (what the first figures were taken with).
      heavy_task_ms_viewed: round1(medianOf(cost.viewed, 'taskMs')),
      heavy_task_ms_not_viewed: round1(medianOf(cost.notViewed, 'taskMs')),
      heavy_task_overhead_pct: overhead('taskMs'),
      heavy_script_ms_viewed: round1(medianOf(cost.viewed, 'scriptMs')),
      heavy_script_ms_not_viewed: round1(medianOf(cost.notViewed, 'scriptMs')),
      // Messages the associate's side received over the 10 s viewed (one per batch of events).
      heavy_messages_viewed: median(cost.messages),
      // The two figures the co-browse target is set on (docs/live.md): the heavy page's extra
      // CPU while recorded, and the mirror's p99 latency.
      recording_overhead_pct: overheadPct,
      mirror_latency_p99_ms: round1(quantile(sorted, 0.99)),
    };
    table([
      { measure: 'DOM change → replay, p50 ms', value: figures.p50_ms },
      { measure: 'DOM change → replay, p90 ms', value: figures.p90_ms },
      { measure: 'DOM change → replay, p99 ms', value: figures.p99_ms },
      { measure: 'DOM change → replay, max ms', value: figures.max_ms },
      { measure: 'bytes per browsing minute', value: figures.bytes_per_min },
      ...cost.viewed.map((w, i) => ({ measure: `  round ${i + 1}: renderer CPU ms viewed / not viewed`, value: `${Math.round(w.cpuMs)} / ${Math.round(cost.notViewed[i]!.cpuMs)}` })),
      { measure: `heavy page renderer CPU ms, viewed (median of ${rounds})`, value: figures.heavy_cpu_ms_viewed },
      { measure: `heavy page renderer CPU ms, not viewed (median of ${rounds})`, value: figures.heavy_cpu_ms_not_viewed },
      { measure: 'recording overhead on the heavy page, %', value: figures.recording_overhead_pct },
      { measure: 'main-thread task ms, viewed / not viewed', value: `${figures.heavy_task_ms_viewed} / ${figures.heavy_task_ms_not_viewed}` },
      { measure: 'main-thread task overhead (wall time), %', value: figures.heavy_task_overhead_pct },
      { measure: 'main-thread script ms, viewed / not viewed', value: `${figures.heavy_script_ms_viewed} / ${figures.heavy_script_ms_not_viewed}` },
      { measure: `heavy page messages over 10 s viewed (median of ${rounds})`, value: figures.heavy_messages_viewed },
    ]);
    console.log(JSON.stringify(figures));
  } finally {
    await live?.close();
    await stack?.close();
  }
}

const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The associate asks to see the tab; the shopper allows it; the replay shows the page. */
async function startViewing(live: LiveEngagement): Promise<void> {
  await live.console.click('[data-testid=ask-view]');
  await allow(live.shop, 'view');
  await live.console.waitForSelector('[data-testid=consent-view][data-granted=true]', { timeout: 15_000 });
  await replayHas(live.console, 'h1');
}

async function stopViewing(live: LiveEngagement): Promise<void> {
  await clickInClosedShadow(live.shop, BANNER, 'live-banner-stop-view');
  await live.console.waitForSelector('[data-testid=consent-view][data-granted=false]', { timeout: 15_000 });
}

/** Waits until the replay in the console has at least `count` elements matching `selector`. */
async function replayHas(console: Page, selector: string, count = 1, timeoutMs = 20_000): Promise<void> {
  await console.waitForFunction(
    (sel: string, n: number) => {
      const doc = document.querySelector<HTMLIFrameElement>('[data-testid=replay-container] iframe')?.contentDocument;
      return (doc?.querySelectorAll(sel).length ?? 0) >= n;
    },
    { timeout: timeoutMs },
    selector,
    count,
  );
}

/** Changes one element's text `n` times, 100–200 ms apart; each change's time from the shop's page to the replay's next frame. */
async function measureLatency(live: LiveEngagement, n: number): Promise<number[]> {
  const { shop, console } = live;
  await shop.evaluate(() => {
    const mark = document.createElement('p');
    mark.id = 'fw-bench-mark';
    mark.textContent = 'mark-0';
    document.querySelector('main, body')!.prepend(mark);
  });
  await replayHas(console, '#fw-bench-mark');
  // In the console: watch the replay's document for the marks, and note when each shows.
  await console.evaluate(() => {
    const w = window as unknown as { __fwSeen: Record<string, number> };
    w.__fwSeen = {};
    const doc = document.querySelector<HTMLIFrameElement>('[data-testid=replay-container] iframe')!.contentDocument!;
    new MutationObserver(() => {
      const text = doc.getElementById('fw-bench-mark')?.textContent ?? '';
      if (!(text in w.__fwSeen)) {
        w.__fwSeen[text] = -1;
        requestAnimationFrame(() => (w.__fwSeen[text] = performance.timeOrigin + performance.now()));
      }
    }).observe(doc, { subtree: true, childList: true, characterData: true });
  });
  const changedAt: Record<string, number> = {};
  for (let i = 1; i <= n; i++) {
    const text = `mark-${i}`;
    changedAt[text] = await shop.evaluate((t) => {
      document.getElementById('fw-bench-mark')!.textContent = t;
      return performance.timeOrigin + performance.now();
    }, text);
    await sleep(100 + Math.random() * 100);
  }
  await sleep(1_000);
  const seen = await console.evaluate(() => (window as unknown as { __fwSeen: Record<string, number> }).__fwSeen);
  const latencies: number[] = [];
  for (const [text, at] of Object.entries(changedAt)) {
    const shown = seen[text];
    latencies.push(shown && shown > 0 ? shown - at : Number.POSITIVE_INFINITY);
  }
  return latencies;
}

/** What a minute of ordinary browsing costs on the wire, as the associate's side received it. */
async function measureBytes(live: LiveEngagement, seconds: number): Promise<{ bytes: number; frames: number; seconds: number }> {
  const { shop, console } = live;
  // The data channel's own counters (getStats), read through DevTools: payload bytes and messages received.
  const received = async () => {
    const figures = await webrtcFigures(console);
    return { frames: figures.dataMessagesReceived, bytes: figures.dataBytesReceived };
  };
  const before = await received();
  const started = Date.now();
  const pages = [live.product.url, live.other.url, new URL('/search?q=headphones', live.product.url).toString(), new URL('/', live.product.url).toString()];
  let i = 0;
  while (Date.now() - started < seconds * 1000) {
    await shop.goto(pages[i++ % pages.length]!, { waitUntil: 'load' });
    for (let step = 0; step < 10 && Date.now() - started < seconds * 1000; step++) {
      await shop.mouse.move(200 + Math.random() * 800, 150 + Math.random() * 500, { steps: 5 });
      await shop.mouse.wheel({ deltaY: 200 });
      await sleep(400);
    }
    if (await shop.$('input[type=search]')) {
      await shop.click('input[type=search]', { count: 3 });
      await shop.keyboard.type('wireless earbuds', { delay: 60 });
    }
  }
  const elapsed = (Date.now() - started) / 1000;
  await sleep(500);
  const after = await received();
  return { bytes: after.bytes - before.bytes, frames: after.frames - before.frames, seconds: elapsed };
}

const HEAVY_CARDS = 2_000;

interface CostWindow {
  /** The shop page's renderer process CPU time (all its threads, as the OS counts it). */
  cpuMs: number;
  /** The page's main-thread task time (CDP TaskDuration): wall time, so it also counts waiting for a core the associate's browser holds. */
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
}
interface RecordingCost {
  viewed: CostWindow[];
  notViewed: CostWindow[];
  /** Messages the associate received in each viewed window. */
  messages: number[];
}

/**
 * The shop page's CPU over 10 s of work on a long listing (scrolling 120 px and a price ticker
 * changing 20 cards every 100 ms), viewed and not viewed, `rounds` times each in ABBA order (so
 * a drift of the machine's load falls on both alike). Each window starts alike: a fresh listing
 * (as a shop's infinite scroll would add it; viewed, once the associate's replay shows all of
 * it), a collected heap, a quiet moment. What is measured is the page's renderer process CPU
 * time, every thread, as the OS counts it: the page and the associate's browser share this
 * machine's two cores, and main-thread wall time (TaskDuration, printed beside it) also counts
 * the time the page waited for a core the associate's replay held, which on a shopper's own
 * machine it would not.
 */
async function measureRecordingCost(live: LiveEngagement, rounds: number, profileDir: string | undefined): Promise<RecordingCost> {
  const { shop, console } = live;
  const cdp = await shop.createCDPSession();
  await cdp.send('Performance.enable');
  const mainThread = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return { task: ms('TaskDuration'), script: ms('ScriptDuration'), layout: ms('LayoutDuration'), style: ms('RecalcStyleDuration') };
  };
  const rendererCpuMs = await shopRendererCpu(shop);
  const buildListing = () =>
    shop.evaluate((cards: number) => {
      document.getElementById('fw-heavy')?.remove();
      const list = document.createElement('ul');
      list.id = 'fw-heavy';
      list.style.cssText = 'display:grid;grid-template-columns:repeat(4,1fr);gap:12px;list-style:none;padding:0';
      for (let i = 0; i < cards; i++) {
        const li = document.createElement('li');
        li.className = 'product-card';
        li.innerHTML = `<div class="product-card-body"><span class="product-card-brand">Brand ${i % 37}</span><a class="product-card-name" href="#p${i}">Product number ${i} with a long descriptive name</a><span class="product-card-price">$${(19 + (i % 300)).toFixed(2)}</span></div>`;
        list.append(li);
      }
      document.querySelector('main, body')!.append(list);
      window.scrollTo(0, 0);
    }, HEAVY_CARDS);
  const work = async (label: string): Promise<CostWindow> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(500);
    if (profileDir) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const before = await mainThread();
    const cpuBefore = await rendererCpuMs();
    await shop.evaluate(async () => {
      const prices = [...document.querySelectorAll('#fw-heavy .product-card-price')];
      const until = performance.now() + 10_000;
      let tick = 0;
      while (performance.now() < until) {
        for (let k = 0; k < 20; k++) prices[(tick * 20 + k) % prices.length]!.textContent = `$${(Math.random() * 300 + 19).toFixed(2)}`;
        window.scrollBy(0, 120);
        if (window.scrollY + innerHeight >= document.body.scrollHeight) window.scrollTo(0, 0);
        tick++;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    const cpuMs = (await rendererCpuMs()) - cpuBefore;
    const after = await mainThread();
    if (profileDir) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(join(profileDir, `${label}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    return { cpuMs, taskMs: after.task - before.task, scriptMs: after.script - before.script, layoutMs: after.layout - before.layout, styleMs: after.style - before.style };
  };

  await shop.goto(new URL('/', live.product.url).toString(), { waitUntil: 'load' });
  await eventually('the viewed home page', async () => ((await inClosedShadow(shop, BANNER, 'live-banner')) ? true : undefined));
  const cost: RecordingCost = { viewed: [], notViewed: [], messages: [] };
  const messagesReceived = async () => (await webrtcFigures(console)).dataMessagesReceived;
  let viewing = true;
  const viewedWindow = async () => {
    if (!viewing) await startViewing(live);
    viewing = true;
    await buildListing();
    await replayHas(console, '#fw-heavy > li', HEAVY_CARDS, 60_000);
    const messagesBefore = await messagesReceived();
    cost.viewed.push(await work('viewed'));
    cost.messages.push((await messagesReceived()) - messagesBefore);
  };
  const notViewedWindow = async () => {
    if (viewing) await stopViewing(live);
    viewing = false;
    await buildListing();
    cost.notViewed.push(await work('not-viewed'));
  };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      await viewedWindow();
      await notViewedWindow();
    } else {
      await notViewedWindow();
      await viewedWindow();
    }
  }
  if (!viewing) await startViewing(live);
  await cdp.detach();
  return cost;
}

/**
 * A function reading the CPU time (ms) the OS has counted for the shop page's renderer process.
 * Which renderer that is: the one that used the CPU while the page spun for 400 ms.
 */
async function shopRendererCpu(shop: Page): Promise<() => Promise<number>> {
  const cdp = await shop.browser().target().createCDPSession();
  const processes = async () => ((await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] }).processInfo;
  const before = new Map((await processes()).map((p) => [p.id, p.cpuTime]));
  await shop.evaluate(() => {
    const started = performance.now();
    while (performance.now() - started < 400);
  });
  const used = (await processes()).filter((p) => p.type === 'renderer').map((p) => ({ id: p.id, used: p.cpuTime - (before.get(p.id) ?? 0) }));
  const renderer = used.sort((a, b) => b.used - a.used)[0];
  if (!renderer || renderer.used < 0.2) throw new Error('the shop page’s renderer process was not found');
  return async () => ((await processes()).find((p) => p.id === renderer.id)?.cpuTime ?? NaN) * 1000;
}
