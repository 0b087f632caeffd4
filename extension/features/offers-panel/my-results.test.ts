import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssociateView, MyAdmission } from '../../../shared/associates';
import type { Fetch } from '../../lib/api';
import { modeItem } from '../../lib/storage';
import { createAgentApi } from '../agent-sign-in/agent-api';
import { admissionsItem, agentItem } from '../agent-sign-in/agent-state';
import { MyResults } from './MyResults';
import { OffersPanel } from './OffersPanel';
import { periodRange } from './results.core';
import { admission, associate, busyWeek, COMMISSION, NO_COMMISSION, NORDIC, NOW, quietPeriod, SUMMIT, VOLTAIRE } from './testing/results';

// "My results" in the side panel: the associate API answered by a fetch that serves the fixtures
// (each checked against its shared schema), the panel rendered as the browser shows it.

const BASE = 'http://localhost:8787';
type Answer = Response | 'network-error' | Promise<Response>;
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const notFound = () => json(404, { error: { code: 'not_found', message: 'The enterprise was not found.' } });

let container: HTMLDivElement;
let dispose: (() => void) | null;
let requests: URL[];
let tokens: (string | null)[];
/** The answer for each path (and enterprise): a function, so a test can change it between reads. */
let results: (enterpriseId: string, url: URL) => Answer;
let commission: () => Answer;

const fetch: Fetch = async (input, init = {}) => {
  const url = new URL(input);
  requests.push(url);
  tokens.push(new Headers(init.headers).get('authorization'));
  const answer = url.pathname === '/api/v1/associates/me/results' ? results(url.searchParams.get('enterpriseId')!, url) : url.pathname === '/api/v1/associates/me/commission' ? commission() : json(404, {});
  if (answer === 'network-error') throw new TypeError('Failed to fetch');
  return answer;
};
const resultRequests = () => requests.filter((u) => u.pathname.endsWith('/me/results'));

const $ = (testId: string, within: ParentNode = container) => within.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const $$ = (testId: string, within: ParentNode = container) => [...within.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
const card = (enterpriseId: string) => container.querySelector<HTMLElement>(`[data-testid="results-enterprise"][data-enterprise-id="${enterpriseId}"]`);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  requests = [];
  tokens = [];
  results = (id) => (id === VOLTAIRE ? json(200, busyWeek()) : json(200, quietPeriod()));
  commission = () => json(200, COMMISSION);
  container = document.createElement('div');
  document.body.append(container);
  dispose = null;
});
afterEach(() => {
  dispose?.();
  container.remove();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function show(who: AssociateView = associate(), admissions: MyAdmission[] = [admission(SUMMIT, 'Summit Gear')]) {
  const api = createAgentApi({ fetch, baseUrl: BASE });
  dispose = render(() => createComponent(MyResults, { api, token: 'fwa_ana', associate: who, admissions, locale: 'en-GB' }), container);
}

describe('My results', () => {
  it('per enterprise: engagements, conversion, money per currency, the days, and commission payable vs in hold', async () => {
    show();
    await vi.waitFor(() => expect(card(VOLTAIRE)?.dataset.state).toBe('ready'));
    const volt = card(VOLTAIRE)!;
    expect(text(volt.querySelector('h3'))).toBe('Voltaire Retail');
    expect(text($('results-engagements', volt))).toBe('17');
    expect(text($('results-conversion', volt))).toBe('41.2% (7 bought)');
    // Each currency on its own line, never added together.
    expect([...$('results-revenue', volt)!.querySelectorAll('li')].map(text)).toEqual(['€1,326.50', '£120.00']);
    expect([...$('results-average', volt)!.querySelectorAll('li')].map(text)).toEqual(['€189.50', '£120.00']);
    expect([...$('results-commission', volt)!.querySelectorAll('li')].map(text)).toEqual(['€66.50', '£6.00']);
    const days = [...$('results-days', volt)!.querySelectorAll('li')];
    expect(days.map((d) => d.dataset.engagements)).toEqual(['2', '0', '4', '3', '1', '5', '2']);
    expect(text(days[3]!.querySelector('.sr-only'))).toMatch(/: 3 engagements, 2 converted$/);
    expect($$('payable-month', volt).map((r) => [r.dataset.month, r.dataset.currency, text($('payable-locked', r)), text($('payable-pending', r))])).toEqual([
      ['2026-03', 'EUR', '€19.00', '€85.50'],
      ['2026-03', 'GBP', '£0.00', '£6.00'],
      ['2026-02', 'EUR', '€412.50', '€0.00'],
    ]);

    // A quiet enterprise says so; one left still shows what it owes.
    expect(card(SUMMIT)?.dataset.state).toBe('empty');
    expect(text($('results-empty', card(SUMMIT)!))).toBe('No engagements in this period yet');
    expect(text($('payable-none', card(SUMMIT)!))).toBe('No commission recorded with Summit Gear yet.');
    expect(card(NORDIC)?.dataset.state).toBe('former');
    expect($$('payable-month', card(NORDIC)!).map((r) => text($('payable-locked', r)))).toEqual(['SEK 1,250.00']);

    // The questions asked: each enterprise for the last 7 days by day, with the associate's token.
    const range = periodRange('last7', NOW);
    expect(resultRequests().map((u) => u.searchParams.get('enterpriseId')).sort()).toEqual([SUMMIT, VOLTAIRE].sort());
    for (const u of resultRequests()) {
      expect(u.searchParams.get('from')).toBe(range.from);
      expect(u.searchParams.get('to')).toBe(range.to);
      expect(u.searchParams.get('groupBy')).toBe('day');
      expect(u.searchParams.get('timeZone')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    }
    expect(new Set(tokens)).toEqual(new Set(['Bearer fwa_ana']));
  });

  it('the period switch asks again; an answer for the period left arrives too late to show', async () => {
    let release!: (r: Response) => void;
    results = (id) => (id === VOLTAIRE ? new Promise<Response>((r) => (release = r)) : json(200, quietPeriod()));
    show();
    await vi.waitFor(() => expect($('results-loading', card(VOLTAIRE)!)).not.toBeNull());
    expect($('results-loading', card(VOLTAIRE)!)?.getAttribute('role')).toBe('status');
    expect($('results')?.getAttribute('aria-busy')).toBe('true');
    const first = release;

    results = (id) => json(200, id === VOLTAIRE ? quietPeriod('last30') : quietPeriod('last30'));
    const radio = $('results-period-last30') as HTMLInputElement;
    radio.click();
    await vi.waitFor(() => expect(card(VOLTAIRE)?.dataset.state).toBe('empty'));
    first(json(200, busyWeek()));
    await new Promise((r) => setTimeout(r, 10));
    expect(card(VOLTAIRE)?.dataset.state).toBe('empty');
    expect(radio.checked).toBe(true);
    const range = periodRange('last30', NOW);
    expect(resultRequests().at(-1)!.searchParams.get('from')).toBe(range.from);
    expect($$('results-days', container)).toHaveLength(0);
  });

  it('a failed read says why in words, and "Try again" reads again', async () => {
    results = (id) => (id === VOLTAIRE ? json(500, { error: { code: 'internal', message: 'Something went wrong on our side.' } }) : json(200, quietPeriod()));
    commission = () => 'network-error';
    show();
    await vi.waitFor(() => expect(card(VOLTAIRE)?.dataset.state).toBe('error'));
    const error = $('results-error', card(VOLTAIRE)!)!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(text(error.querySelector('span'))).toBe('Could not read your results: Something went wrong on our side.');
    expect(text($('commission-error'))).toMatch(/^Could not reach the server for your commission\. Check the connection, then try again\./);

    results = (id) => (id === VOLTAIRE ? json(200, busyWeek()) : json(200, quietPeriod()));
    commission = () => json(200, COMMISSION);
    $('results-retry', card(VOLTAIRE)!)!.click();
    await vi.waitFor(() => expect(card(VOLTAIRE)?.dataset.state).toBe('ready'));
    expect($('results-error')).toBeNull();
    expect($('commission-error')).toBeNull();
    expect(text($('results-engagements', card(VOLTAIRE)!))).toBe('17');
  });

  it('an enterprise the associate no longer works for (404) says so; the others still show', async () => {
    results = (id) => (id === SUMMIT ? notFound() : json(200, busyWeek()));
    show();
    await vi.waitFor(() => expect(card(SUMMIT)?.dataset.state).toBe('error'));
    expect(text($('results-error', card(SUMMIT)!)?.querySelector('span'))).toBe('You no longer work for this enterprise, so your results are not shown.');
    await vi.waitFor(() => expect(card(VOLTAIRE)?.dataset.state).toBe('ready'));
  });

  it('an independent who works for no enterprise yet is told so', async () => {
    commission = () => json(200, NO_COMMISSION);
    show(associate({ employment: 'independent', employerId: null, accreditations: [] }), [admission(SUMMIT, 'Summit Gear', 'invited')]);
    await vi.waitFor(() => expect(text($('results-no-enterprise'))).toBe('You do not work for an enterprise yet. Results show here once you work for one.'));
    expect(resultRequests()).toHaveLength(0);
  });
});

describe('the side panel’s views', () => {
  it('Offers first; My results is a tab (arrow keys move between them), read only once opened', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(((input: string, init?: RequestInit) => fetch(input, init)) as typeof globalThis.fetch);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, value: { messages: [] } } as never);
    await modeItem.setValue('agent');
    await agentItem.setValue({ backendUrl: BASE, token: 'fwa_ana', expiresAt: new Date(NOW + 3600_000).toISOString(), associate: associate() });
    await admissionsItem.setValue([admission(SUMMIT, 'Summit Gear')]);
    dispose = render(() => createComponent(OffersPanel, {}), container);

    await vi.waitFor(() => expect($('panel-tabs')).not.toBeNull());
    const [offers, mine] = [$('panel-tab-offers')!, $('panel-tab-results')!];
    expect(offers.getAttribute('aria-selected')).toBe('true');
    expect(mine.getAttribute('tabindex')).toBe('-1');
    expect($('panel-view-results')!.hidden).toBe(true);
    expect($('offers-empty')).not.toBeNull();
    expect(resultRequests()).toHaveLength(0);

    offers.focus();
    offers.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await vi.waitFor(() => expect(mine.getAttribute('aria-selected')).toBe('true'));
    expect(document.activeElement).toBe(mine);
    expect($('panel-view-offers')!.hidden).toBe(true);
    await vi.waitFor(() => expect(card(VOLTAIRE)?.dataset.state).toBe('ready'));
    expect(card(SUMMIT)?.dataset.state).toBe('empty');

    // Back to the offers and again: what was read stays, nothing is read again.
    const reads = resultRequests().length;
    mine.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await vi.waitFor(() => expect(offers.getAttribute('aria-selected')).toBe('true'));
    mine.click();
    await vi.waitFor(() => expect($('panel-view-results')!.hidden).toBe(false));
    expect(resultRequests()).toHaveLength(reads);
    expect(card(VOLTAIRE)?.dataset.state).toBe('ready');
  });
});
