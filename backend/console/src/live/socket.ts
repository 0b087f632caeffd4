import { type Accessor, createEffect, createSignal, onCleanup } from 'solid-js';
import { Debounce, type LinkState, reconnectDelay, retryAfterClose, socketAction, socketUrl } from './live.core';

/** Hints gathered for this long before the overview is fetched again. */
const HINT_WAIT_MS = 250;
/** The overview is fetched this often even without a hint: shoppers leave silently, and a hint can be lost. */
const REFRESH_EVERY_MS = 30_000;

/**
 * The console's realtime socket for one enterprise (its cookie authenticates it; the server
 * checks the page's origin): on `ready` and on every `live` hint, `refetch` (hints debounced),
 * and every half minute regardless. Reconnects with backoff after a loss, not after a refusal.
 */
export function useLiveLink(enterpriseId: Accessor<string | null>, refetch: () => Promise<unknown>): Accessor<LinkState> {
  const [link, setLink] = createSignal<LinkState>('connecting');
  createEffect(() => {
    const id = enterpriseId();
    if (!id) return;
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let stopped = false;
    const debounce = new Debounce(refetch, HINT_WAIT_MS);
    const refresh = setInterval(() => debounce.hint(), REFRESH_EVERY_MS);
    setLink('connecting');

    const open = () => {
      if (stopped) return;
      let ws: WebSocket;
      try {
        ws = new WebSocket(socketUrl(window.location, id));
      } catch {
        return lost(1006);
      }
      socket = ws;
      ws.onmessage = (e) => {
        const action = socketAction(typeof e.data === 'string' ? e.data : '', id);
        if (action.kind === 'pong') ws.send(JSON.stringify({ v: 1, type: 'pong' }));
        else if (action.kind === 'ready') {
          attempt = 0;
          setLink('live');
          // Something may have changed while no socket listened.
          debounce.hint();
        } else if (action.kind === 'refetch') debounce.hint();
      };
      ws.onclose = (e) => {
        if (socket === ws) socket = null;
        lost(e.code);
      };
    };
    const lost = (code: number) => {
      if (stopped) return;
      if (!retryAfterClose(code)) return void setLink('refused');
      setLink('reconnecting');
      retry = setTimeout(open, reconnectDelay(attempt++, Math.random()));
    };
    open();

    onCleanup(() => {
      stopped = true;
      debounce.stop();
      clearInterval(refresh);
      if (retry) clearTimeout(retry);
      socket?.close(1000, 'page left');
    });
  });
  return link;
}
