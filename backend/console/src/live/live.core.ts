/**
 * The live overview's pure logic: the words for presences and reasons, durations aged between
 * fetches, the socket's address and its reconnection, and what the console does with a message.
 */
import type { FloorPresence, LiveOverview } from '../../../../shared/floor';
import type { CommunicationMethod } from '../../../../shared/live';
import { REALTIME_PATH, RealtimeClose } from '../../../../shared/realtime';

export const PRESENCES: FloorPresence[] = ['available', 'busy', 'away', 'offline'];

export const PRESENCE_LABEL: Record<FloorPresence, string> = { available: 'Available', busy: 'Busy', away: 'Away', offline: 'Offline' };

const REASONS: Record<string, string> = {
  missed_offers: 'set away after missing offers',
  declined_offer: 'went away when declining an offer',
  paused_missed_offers: 'paused here for missed offers',
  outside_schedule: 'outside their schedule',
  at_capacity: 'at capacity',
};

/** Why an associate stands as they do, in words; null when nothing is said. */
export function reasonText(reason: string | null): string | null {
  if (!reason) return null;
  return REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/** "3 available, 1 busy, 2 away, 4 offline" (the presences with nobody left out), or "No associates". */
export function presenceSummary(counts: LiveOverview['associates']['counts']): string {
  const parts = PRESENCES.filter((p) => counts[p] > 0).map((p) => `${counts[p]} ${p}`);
  return parts.length ? parts.join(', ') : 'No associates';
}

/** Co-browsing is two methods: the associate sees the shopper's page (view), or guides it (guide). */
export const CHANNEL_LABEL: Record<CommunicationMethod, string> = { chat: 'Chat', voice: 'Voice', view: 'Co-browse (view)', guide: 'Co-browse (guide)', phone: 'Phone' };

/** The channels open, in words ("Chat, Voice"), or "No channel open". */
export function channelsText(channels: readonly CommunicationMethod[]): string {
  return channels.length ? channels.map((c) => CHANNEL_LABEL[c] ?? c).join(', ') : 'No channel open';
}

/** How long something has lasted now: its `forMs` as of the overview's `at`, plus the time since. Never negative. */
export function agedMs(forMs: number, at: string, nowMs: number): number {
  const atMs = Date.parse(at);
  const since = Number.isNaN(atMs) ? 0 : Math.max(0, nowMs - atMs);
  return Math.max(0, forMs + since);
}

/** A running duration as read at a glance: "45 s", "12 min", "1 h 05 min". */
export function elapsed(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The console socket's address for a page at `location`, watching one enterprise. */
export function socketUrl(location: { protocol: string; host: string }, enterpriseId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${REALTIME_PATH}?enterprise=${encodeURIComponent(enterpriseId)}`;
}

/** What the page shows of its socket: connecting (first time), live, reconnecting (after a loss), refused (not to retry). */
export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** Whether to connect again after a close with this code: not when the server refused the console (origin, role, session). */
export function retryAfterClose(code: number): boolean {
  return code !== RealtimeClose.forbidden && code !== RealtimeClose.unauthorized;
}

/** The wait before reconnection attempt `attempt` (0 first): 1 s doubling to 30 s, with up to a fifth more at random (`jitter` in [0, 1)). */
export function reconnectDelay(attempt: number, jitter: number): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (1 + 0.2 * Math.min(Math.max(jitter, 0), 1)));
}

/** What the page does with one text from the socket. */
export type SocketAction = { kind: 'ready' } | { kind: 'pong' } | { kind: 'refetch' } | { kind: 'ignore' };

/** Reads a message from the server: `ready` marks the link live (and the overview is fetched, something may have been missed), `ping` is answered, `live` is a hint to fetch again. */
export function socketAction(text: string, enterpriseId: string): SocketAction {
  let message: { v?: unknown; type?: unknown; enterpriseId?: unknown };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    return { kind: 'ignore' };
  }
  if (!message || typeof message !== 'object') return { kind: 'ignore' };
  switch (message.type) {
    case 'ready':
      return { kind: 'ready' };
    case 'ping':
      return { kind: 'pong' };
    case 'live':
      return message.enterpriseId === undefined || String(message.enterpriseId).toLowerCase() === enterpriseId.toLowerCase() ? { kind: 'refetch' } : { kind: 'ignore' };
    default:
      return { kind: 'ignore' };
  }
}

/**
 * Hints gathered into one fetch: the first hint waits `waitMs`, hints meanwhile join it, and a
 * hint arriving while a fetch runs makes one more after it (so the last change is always seen).
 */
export class Debounce {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly waitMs: number,
    private readonly timers: { set: (f: () => void, ms: number) => ReturnType<typeof setTimeout>; clear: (t: ReturnType<typeof setTimeout>) => void } = {
      set: (f, ms) => setTimeout(f, ms),
      clear: (t) => clearTimeout(t),
    },
  ) {}

  hint(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.fire();
    }, this.waitMs);
  }

  stop(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.timer = null;
    this.again = false;
  }

  private async fire(): Promise<void> {
    this.running = true;
    try {
      await this.run();
    } catch {
      // The page shows the read's failure; the next hint tries again.
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      this.hint();
    }
  }
}
