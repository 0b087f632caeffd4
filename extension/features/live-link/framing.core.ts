import { ChunkFrame, LIVE_LIMITS, LIVE_VERSION, LiveMessage } from '../../../shared/live';

/**
 * Frames on the data channel: one JSON string per message, or `chunk` frames for a message
 * whose JSON is longer than LIVE_LIMITS.frameChars. Pure: ids come from `newId`.
 */

/** At most this many chunked messages may be half-received at once; past it the oldest is dropped. */
export const MAX_PARTIAL_MESSAGES = 4;

/** The longest raw frame parsed at all (a chunk's data escaped in JSON can grow, up to 6× for control characters). */
const MAX_RAW_FRAME_CHARS = LIVE_LIMITS.frameChars * 6 + 1_000;
const MAX_CHUNKS = Math.ceil(LIVE_LIMITS.maxMessageChars / LIVE_LIMITS.frameChars);

export class MessageTooLargeError extends Error {
  constructor(readonly chars: number) {
    super(`A ${chars}-character message is longer than the ${LIVE_LIMITS.maxMessageChars} characters the other side accepts.`);
  }
}

/**
 * The frames to send for `message`: its JSON, or chunk frames of at most frameChars of it each.
 * Throws MessageTooLargeError past LIVE_LIMITS.maxMessageChars.
 *
 *   toFrames({ v: 1, type: 'typing', typing: true }, id) → ['{"v":1,"type":"typing","typing":true}']
 */
export function toFrames(message: LiveMessage, newId: () => string, frameChars: number = LIVE_LIMITS.frameChars): string[] {
  const json = JSON.stringify(message);
  if (json.length <= frameChars) return [json];
  if (json.length > LIVE_LIMITS.maxMessageChars) throw new MessageTooLargeError(json.length);
  const id = newId();
  const count = Math.ceil(json.length / frameChars);
  const frames: string[] = [];
  for (let index = 0; index < count; index += 1) {
    // A slice may split a surrogate pair; JSON.stringify escapes the lone halves, so the frame stays valid UTF-8 on the wire.
    const frame: ChunkFrame = { v: LIVE_VERSION, type: 'chunk', id, index, count, data: json.slice(index * frameChars, (index + 1) * frameChars) };
    frames.push(JSON.stringify(frame));
  }
  return frames;
}

/** Why a frame was dropped (for counting and logs). */
export type DropReason = 'not_json' | 'too_long' | 'invalid_chunk' | 'out_of_order' | 'oversize' | 'evicted' | 'invalid_message';

interface Partial {
  count: number;
  next: number;
  parts: string[];
  chars: number;
}

/**
 * Puts received frames back together, one connection's worth (make a new one per connection):
 * `accept(raw)` returns the complete, valid message the frame finished, or null. Every frame
 * or message that is dropped is counted in `dropped` (by reason); nothing invalid is returned.
 */
export class Reassembler {
  private readonly partials = new Map<string, Partial>();
  readonly dropped: Record<DropReason, number> = {
    not_json: 0,
    too_long: 0,
    invalid_chunk: 0,
    out_of_order: 0,
    oversize: 0,
    evicted: 0,
    invalid_message: 0,
  };

  /** Total frames and messages dropped. */
  get droppedCount(): number {
    return Object.values(this.dropped).reduce((a, b) => a + b, 0);
  }

  /** Chunked messages half-received now. */
  get pending(): number {
    return this.partials.size;
  }

  /** Takes one raw frame; the message it completes, or null (a chunk in the middle, or dropped). */
  accept(raw: unknown): LiveMessage | null {
    if (typeof raw !== 'string') return this.drop('not_json');
    if (raw.length > MAX_RAW_FRAME_CHARS) return this.drop('too_long');
    const json = parseJson(raw);
    if (json === undefined) return this.drop('not_json');
    if (isObject(json) && json.type === 'chunk') return this.acceptChunk(json);
    return this.validate(json);
  }

  private acceptChunk(json: unknown): LiveMessage | null {
    const parsed = ChunkFrame.safeParse(json);
    if (!parsed.success || parsed.data.index >= parsed.data.count || parsed.data.count > MAX_CHUNKS) return this.drop('invalid_chunk');
    const { id, index, count, data } = parsed.data;
    let partial = this.partials.get(id);
    if (!partial) {
      if (index !== 0) return this.drop('out_of_order');
      if (this.partials.size >= MAX_PARTIAL_MESSAGES) {
        // The oldest is the likeliest to be a leftover that will never finish.
        const oldest = this.partials.keys().next().value as string;
        this.partials.delete(oldest);
        this.dropped.evicted += 1;
      }
      partial = { count, next: 0, parts: [], chars: 0 };
      this.partials.set(id, partial);
    }
    if (index !== partial.next || count !== partial.count) {
      this.partials.delete(id);
      return this.drop('out_of_order');
    }
    partial.chars += data.length;
    if (partial.chars > LIVE_LIMITS.maxMessageChars) {
      this.partials.delete(id);
      return this.drop('oversize');
    }
    partial.parts.push(data);
    partial.next += 1;
    if (partial.next < partial.count) return null;
    this.partials.delete(id);
    const whole = parseJson(partial.parts.join(''));
    if (whole === undefined) return this.drop('invalid_message');
    return this.validate(whole);
  }

  private validate(json: unknown): LiveMessage | null {
    const parsed = LiveMessage.safeParse(json);
    return parsed.success ? parsed.data : this.drop('invalid_message');
  }

  private drop(reason: DropReason): null {
    this.dropped[reason] += 1;
    return null;
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
