import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../../shared/engagement-history';
import { RealtimeClose } from '../../../../shared/realtime';
import {
  dayStart,
  engagementQuery,
  entryText,
  filtered,
  groupTimeline,
  messageQuery,
  minorText,
  NO_ENGAGEMENT_FILTERS,
  outcomeShort,
  outcomeText,
  takenText,
  transcriptKeeping,
} from './engagements.core';
import { agedMs, channelsText, Debounce, elapsed, presenceSummary, reasonText, reconnectDelay, retryAfterClose, socketAction, socketUrl } from './live.core';

describe('the live overview in words', () => {
  it('sums presences, leaving out those nobody is in', () => {
    expect(presenceSummary({ available: 2, busy: 0, away: 1, offline: 3 })).toBe('2 available, 1 away, 3 offline');
    expect(presenceSummary({ available: 0, busy: 0, away: 0, offline: 0 })).toBe('No associates');
  });

  it('says why an associate is not available, and passes an unknown reason through readably', () => {
    expect(reasonText('outside_schedule')).toBe('outside their schedule');
    expect(reasonText('paused_missed_offers')).toBe('paused here for missed offers');
    expect(reasonText('some_new_reason')).toBe('some new reason');
    expect(reasonText(null)).toBeNull();
  });

  it('names channels, co-browsing included', () => {
    expect(channelsText(['chat', 'view'])).toBe('Chat, Co-browse (view)');
    expect(channelsText([])).toBe('No channel open');
  });

  it('ages a duration from the overview’s instant, never below what the server said', () => {
    const at = '2026-01-01T10:00:00.000Z';
    expect(agedMs(5_000, at, Date.parse(at) + 10_000)).toBe(15_000);
    expect(agedMs(5_000, at, Date.parse(at) - 10_000)).toBe(5_000);
    expect(agedMs(5_000, 'not a time', 0)).toBe(5_000);
  });

  it('reads durations at a glance', () => {
    expect(elapsed(42_400)).toBe('42 s');
    expect(elapsed(12 * 60_000 + 59_000)).toBe('12 min');
    expect(elapsed(65 * 60_000)).toBe('1 h 05 min');
    expect(elapsed(-5)).toBe('0 s');
  });
});

describe('the console socket', () => {
  it('connects to the realtime path of the page’s own host, naming the enterprise', () => {
    expect(socketUrl({ protocol: 'https:', host: 'fw.example' }, 'e 1')).toBe('wss://fw.example/api/v1/realtime?enterprise=e%201');
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8787' }, 'abc')).toBe('ws://127.0.0.1:8787/api/v1/realtime?enterprise=abc');
  });

  it('does not retry when the server refused the console, and does otherwise', () => {
    expect(retryAfterClose(RealtimeClose.forbidden)).toBe(false);
    expect(retryAfterClose(RealtimeClose.unauthorized)).toBe(false);
    expect(retryAfterClose(RealtimeClose.goingAway)).toBe(true);
    expect(retryAfterClose(1006)).toBe(true);
  });

  it('backs off from 1 s to 30 s, with a little jitter', () => {
    expect(reconnectDelay(0, 0)).toBe(1_000);
    expect(reconnectDelay(3, 0)).toBe(8_000);
    expect(reconnectDelay(20, 0)).toBe(30_000);
    expect(reconnectDelay(0, 0.5)).toBe(1_100);
    expect(reconnectDelay(0, 7)).toBe(1_200);
  });

  it('answers pings, fetches on a hint for its enterprise, ignores the rest', () => {
    expect(socketAction('{"v":1,"type":"ready","role":"console","enterpriseId":"E"}', 'e')).toEqual({ kind: 'ready' });
    expect(socketAction('{"v":1,"type":"ping"}', 'e')).toEqual({ kind: 'pong' });
    expect(socketAction('{"v":1,"type":"live","enterpriseId":"E","changed":["associates"]}', 'e')).toEqual({ kind: 'refetch' });
    expect(socketAction('{"v":1,"type":"live","enterpriseId":"other","changed":["associates"]}', 'e')).toEqual({ kind: 'ignore' });
    expect(socketAction('{"v":1,"type":"error","code":"x"}', 'e')).toEqual({ kind: 'ignore' });
    expect(socketAction('not json', 'e')).toEqual({ kind: 'ignore' });
    expect(socketAction('null', 'e')).toEqual({ kind: 'ignore' });
  });
});

describe('Debounce', () => {
  /** Timers run by hand. */
  function handTimers() {
    const due: (() => void)[] = [];
    return {
      due,
      timers: {
        set: (f: () => void) => {
          due.push(f);
          return due.length as unknown as ReturnType<typeof setTimeout>;
        },
        clear: () => {
          due.length = 0;
        },
      },
      async fire() {
        const f = due.shift();
        f?.();
        await new Promise((r) => setTimeout(r, 0));
      },
    };
  }

  it('gathers hints into one fetch', async () => {
    const t = handTimers();
    let runs = 0;
    const d = new Debounce(async () => void runs++, 300, t.timers);
    d.hint();
    d.hint();
    d.hint();
    expect(t.due).toHaveLength(1);
    await t.fire();
    expect(runs).toBe(1);
  });

  it('fetches once more after a fetch that a hint arrived during', async () => {
    const t = handTimers();
    let release!: () => void;
    let runs = 0;
    const d = new Debounce(
      () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
      300,
      t.timers,
    );
    d.hint();
    await t.fire();
    d.hint();
    d.hint();
    expect(t.due).toHaveLength(0);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.due).toHaveLength(1);
    await t.fire();
    expect(runs).toBe(2);
  });

  it('drops what waits when stopped', async () => {
    const t = handTimers();
    let runs = 0;
    const d = new Debounce(async () => void runs++, 300, t.timers);
    d.hint();
    d.stop();
    await t.fire();
    expect(runs).toBe(0);
  });
});

describe('engagement filters to the query', () => {
  it('sends only the filters set, the days as the viewer’s day bounds, `to` exclusive', () => {
    expect(engagementQuery(NO_ENGAGEMENT_FILTERS, 25, null)).toEqual({ limit: 25, before: undefined, associate: undefined, status: undefined, outcome: undefined, from: undefined, to: undefined });
    const q = engagementQuery({ associate: 'a1', status: 'ended', outcome: 'sale', from: '2026-03-01', to: '2026-03-01' }, 25, 'cur');
    expect(q).toMatchObject({ limit: 25, before: 'cur', associate: 'a1', status: 'ended', outcome: 'sale' });
    expect(q.from).toBe(new Date(2026, 2, 1).toISOString());
    expect(q.to).toBe(new Date(2026, 2, 2).toISOString());
  });

  it('ignores days that are not days', () => {
    expect(dayStart('2026-02-30')).toBeNull();
    expect(dayStart('yesterday')).toBeNull();
    expect(engagementQuery({ ...NO_ENGAGEMENT_FILTERS, from: 'nope' }, 10, null).from).toBeUndefined();
  });

  it('knows when a filter narrows the list', () => {
    expect(filtered(NO_ENGAGEMENT_FILTERS)).toBe(false);
    expect(filtered({ ...NO_ENGAGEMENT_FILTERS, outcome: 'none' })).toBe(true);
  });

  it('the messages’ query: the state chosen and the cursor', () => {
    expect(messageQuery('', 25, null)).toEqual({ limit: 25, status: undefined, before: undefined });
    expect(messageQuery('taken', 25, 'c')).toEqual({ limit: 25, status: 'taken', before: 'c' });
  });
});

describe('an engagement in words', () => {
  const names = { a1: 'Ana Ortiz' };
  const timeline: TimelineEntry[] = [
    { kind: 'offered', at: 't1', associateId: 'a1', offerId: 'o1', wave: 1 },
    { kind: 'accepted', at: 't2', associateId: 'a1', offerId: 'o1' },
    { kind: 'invited', at: 't2' },
    { kind: 'answered', at: 't3', accepted: true },
    { kind: 'channel_started', at: 't4', method: 'chat' },
    { kind: 'outcome', at: 't5', sale: true },
    { kind: 'channel_stopped', at: 't6', method: 'chat', durationMs: 185_000 },
    { kind: 'ended', at: 't7', reason: 'associate_ended' },
    { kind: 'order_credited', at: 't8', orderId: 'x', creditedMinor: 29_900, currency: 'EUR' },
  ];

  it('groups the timeline in its phases, keeping the server’s order in each and leaving out empty ones', () => {
    const groups = groupTimeline(timeline);
    expect(groups.map((g) => g.phase)).toEqual(['offer', 'invitation', 'conversation', 'after']);
    expect(groups[2]!.entries.map((e) => e.at)).toEqual(['t4', 't6', 't7']);
    expect(groups[3]!.entries.map((e) => e.kind)).toEqual(['outcome', 'order_credited']);
    expect(groupTimeline(timeline.slice(0, 2)).map((g) => g.phase)).toEqual(['offer']);
    expect(groupTimeline([])).toEqual([]);
  });

  it('says each entry', () => {
    expect(timeline.map((e) => entryText(e, names))).toEqual([
      'Offered to Ana Ortiz (wave 1)',
      'Ana Ortiz took the offer',
      'The shopper was invited',
      'The shopper accepted',
      'Chat opened',
      'Outcome recorded: a sale',
      'Chat closed after 3 min',
      'Ended: the associate ended it',
      'Order credited: 299.00 EUR',
    ]);
    expect(entryText({ kind: 'offered', at: 't', associateId: 'zz', offerId: 'o', wave: 2 }, names)).toBe('Offered to an associate (wave 2)');
    expect(entryText({ kind: 'answered', at: 't', accepted: false }, names)).toBe('The shopper declined');
    expect(entryText({ kind: 'ended', at: 't', reason: null }, names)).toBe('Ended');
    expect(entryText({ kind: 'channel_started', at: 't', method: 'phone' }, names)).toBe('Phone call began');
    expect(entryText({ kind: 'channel_stopped', at: 't', method: 'phone', durationMs: 425_000 }, names)).toBe('Phone call ended after 7 min');
    expect(entryText({ kind: 'channel_started', at: 't', method: 'guide' }, names)).toBe('Co-browse (guide) opened');
  });

  it('says the outcome and amounts', () => {
    expect(outcomeText(null)).toBe('Not recorded');
    expect(outcomeText({ sale: true, amount: '299.00', currency: 'EUR', recordedBy: 'associate', recordedAt: 't' })).toBe('Sale, 299.00 EUR (recorded by the associate)');
    expect(outcomeText({ sale: false, amount: null, currency: null, recordedBy: 'enterprise', recordedAt: 't' })).toBe('No sale (recorded by the enterprise)');
    expect(outcomeShort({ sale: true, amount: '299.00', currency: 'EUR', recordedBy: 'associate', recordedAt: 't' })).toBe('Sale, 299.00 EUR');
    expect(outcomeShort({ sale: true, amount: null, currency: null, recordedBy: 'associate', recordedAt: 't' })).toBe('Sale');
    expect(outcomeShort({ sale: false, amount: null, currency: null, recordedBy: 'associate', recordedAt: 't' })).toBe('No sale');
    expect(outcomeShort(null)).toBe('Not recorded');
    expect(minorText(5, 'EUR')).toBe('0.05 EUR');
    expect(minorText(-12_345, 'EUR')).toBe('-123.45 EUR');
  });

  it('keeps the transcript while the engagement runs, then retention days after its end', () => {
    const end = Date.parse('2026-03-01T10:00:00Z');
    expect(transcriptKeeping({ endedAt: null }, 30, end)).toEqual({ kind: 'open' });
    expect(transcriptKeeping({ endedAt: '2026-03-01T10:00:00Z' }, 30, end + 29 * 86_400_000)).toEqual({ kind: 'kept', until: new Date(end + 30 * 86_400_000) });
    expect(transcriptKeeping({ endedAt: '2026-03-01T10:00:00Z' }, 30, end + 30 * 86_400_000)).toEqual({ kind: 'past', since: new Date(end + 30 * 86_400_000) });
  });

  it('says who has a message', () => {
    expect(takenText({ status: 'open', takenBy: null })).toBe('Nobody yet');
    expect(takenText({ status: 'taken', takenBy: { displayName: 'Ben' } })).toBe('Ben');
    expect(takenText({ status: 'done', takenBy: { displayName: 'Ben' } })).toBe('Ben');
    expect(takenText({ status: 'done', takenBy: null })).toBe('—');
  });
});
