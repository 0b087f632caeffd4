import { storage } from '#imports';
import type { EngagementView, OfferView } from '../../../shared/realtime';
import type { PhonePush } from './phone';
import { type ConsoleContexts, rememberContext } from './sales.core';

/**
 * What the side panel knew of each engagement's shopper when the associate won it (the offer's
 * session summary, score and reasons; the engagement's site), for its console: kept in
 * `storage.session` (the agent's own, gone when the browser closes), so a reload of the
 * console keeps it after the offer has left the board.
 */
export const consoleContextsItem = storage.defineItem<ConsoleContexts>('session:liveConsoleContexts', { fallback: {} });

/** The backend said the practices of an engagement changed (realtime `practices`): its console reads them again. */
export const practicesChangedItem = storage.defineItem<{ engagementId: string; at: number } | null>('session:livePracticesChanged', { fallback: null });

/** One push of the backend about an engagement's telephone, numbered in the order agent mode got them. */
export interface PhonePushed {
  seq: number;
  engagementId: string;
  push: PhonePush;
}

/** The latest pushes about the engagements' telephones (realtime `call`, `text`, `shopper-phone`): each console takes its own. */
export const phonePushesItem = storage.defineItem<PhonePushed[]>('session:livePhonePushes', { fallback: [] });

/** How many pushes are kept: enough for any burst between two reads of a console. */
const KEEP_PUSHES = 50;

/** Adds a push for engagement `engagementId`'s console (the list keeps the latest KEEP_PUSHES). */
export async function relayPhonePush(engagementId: string, push: PhonePush): Promise<void> {
  const pushes = await phonePushesItem.getValue();
  const seq = (pushes.at(-1)?.seq ?? 0) + 1;
  await phonePushesItem.setValue([...pushes, { seq, engagementId, push }].slice(-KEEP_PUSHES));
}

/** The pushes for `engagementId` newer than `after` (a console's last seen), and the newest number. */
export function newPushes(pushes: readonly PhonePushed[], engagementId: string, after: number): { pushes: PhonePush[]; last: number } {
  return { pushes: pushes.filter((p) => p.seq > after && p.engagementId === engagementId).map((p) => p.push), last: Math.max(after, pushes.at(-1)?.seq ?? 0) };
}

/** Keeps what is known of engagement `engagementId` for its console. */
export async function rememberForConsole(engagementId: string, known: { offer?: OfferView | null; engagement?: EngagementView | null }, now: number): Promise<void> {
  await consoleContextsItem.setValue(rememberContext(await consoleContextsItem.getValue(), engagementId, known, now));
}
