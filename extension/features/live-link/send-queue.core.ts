import type { LiveMessage } from '../../../shared/live';
import { MessageTooLargeError, toFrames } from './framing.core';

/**
 * What waits to go on the data channel, in bytes only (no channel, no timers): messages framed
 * and chunked (framing.core), kept in order, held back while the channel is full, capped while
 * nothing drains. The link hands `next()` to the channel and says `sent()`; on a new connection
 * it calls `rewind()` so that a message cut off halfway goes again whole (the receiver's
 * reassembler starts afresh with each connection). There is no acknowledgement on the wire:
 * the data channel is reliable and ordered, and a connection lost is a rewind.
 */

/** Past this much in the data channel's buffer, messages wait in the queue. */
export const HIGH_WATER_CHARS = 1024 * 1024;
/** Past this much waiting in the queue, the oldest `dom` messages are dropped (the viewer asks for a snapshot). */
export const QUEUE_CAP_CHARS = 5 * 1024 * 1024;

interface Queued {
  type: LiveMessage['type'];
  frames: string[];
  /** Frames of it already handed to the channel (a message is never dropped half-sent). */
  sent: number;
  chars: number;
}

/** What the channel holds now: its own buffer, and what peerjs keeps back on its side. */
export interface ChannelFill {
  bufferedAmount: number;
  /** peerjs's own queue (messages it holds back while the channel's buffer is over 8 MB). */
  peerjsQueued: number;
}

/** Whether the channel is too full to take another frame now. */
export function isBlocked(fill: ChannelFill, highWater = HIGH_WATER_CHARS): boolean {
  return fill.bufferedAmount > highWater || fill.peerjsQueued > 0;
}

export type Enqueued = 'queued' | 'too-large';

export class SendQueue {
  private readonly items: Queued[] = [];

  constructor(
    private readonly newId: () => string,
    private readonly capChars = QUEUE_CAP_CHARS,
  ) {}

  /** Messages waiting (a message partly handed over counts until its last frame is). */
  get length(): number {
    return this.items.length;
  }

  /** Characters not yet handed to the channel. */
  get chars(): number {
    return this.items.reduce((sum, q) => sum + q.frames.slice(q.sent).reduce((s, f) => s + f.length, 0), 0);
  }

  /** Frames `message` and queues it behind the others; 'too-large' past LIVE_LIMITS.maxMessageChars (nothing queued). */
  push(message: LiveMessage): Enqueued {
    let frames: string[];
    try {
      frames = toFrames(message, this.newId);
    } catch (error) {
      if (error instanceof MessageTooLargeError) return 'too-large';
      throw error;
    }
    this.items.push({ type: message.type, frames, sent: 0, chars: frames.reduce((s, f) => s + f.length, 0) });
    this.enforceCap();
    return 'queued';
  }

  /** The next frame to hand to the channel, or null when nothing waits. */
  next(): string | null {
    const head = this.items[0];
    return head ? head.frames[head.sent]! : null;
  }

  /** The frame `next()` gave went to the channel. */
  sent(): void {
    const head = this.items[0];
    if (!head) return;
    head.sent += 1;
    if (head.sent === head.frames.length) this.items.shift();
  }

  /** The channel refused a frame of the head message: it goes again whole. */
  rewindHead(): void {
    if (this.items[0]) this.items[0].sent = 0;
  }

  /** A new connection: every message cut off halfway goes again whole. */
  rewind(): void {
    for (const q of this.items) q.sent = 0;
  }

  clear(): void {
    this.items.length = 0;
  }

  /** Keeps the queue under the cap: the oldest dom batches go first, then the oldest of anything (never a message partly sent, never the newest). */
  private enforceCap(): void {
    let total = this.chars;
    while (total > this.capChars) {
      let index = this.items.findIndex((q) => q.type === 'dom' && q.sent === 0);
      if (index < 0) index = this.items.findIndex((q) => q.sent === 0 && q !== this.items[this.items.length - 1]);
      if (index < 0) return;
      total -= this.items[index]!.chars;
      this.items.splice(index, 1);
    }
  }
}
