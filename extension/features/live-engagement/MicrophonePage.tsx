import { browser, createSignal } from '#imports';
import { errorMessage } from '../../lib/log';
import { Alert } from '../pages/Alert';
import { Brand } from '../pages/Brand';
import { LIVE_HOST_TARGET, type LiveHostControl } from './messages';

export interface MicrophonePageProps {
  getMicrophone?: () => Promise<MediaStream>;
  /** Tells the live host the answer. */
  tell?: (message: Extract<LiveHostControl, { type: 'live:microphone' }>) => Promise<unknown>;
  close?: () => void;
}

/**
 * The visible page that lets the extension use the microphone (the offscreen document that
 * holds the call cannot show the browser's prompt): the shopper's click asks, the tracks stop
 * at once, the host is told and tries again, and the page closes.
 */
export function MicrophonePage(props: MicrophonePageProps) {
  const getMicrophone = props.getMicrophone ?? (() => navigator.mediaDevices.getUserMedia({ audio: true }));
  const tell = props.tell ?? ((message) => browser.runtime.sendMessage({ target: LIVE_HOST_TARGET, ...message }));
  const close = props.close ?? (() => window.close());
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const answer = async (granted: boolean) => {
    await tell({ type: 'live:microphone', granted }).catch(() => undefined);
    close();
  };

  const allow = async () => {
    setBusy(true);
    setError(null);
    try {
      const stream = await getMicrophone();
      for (const track of stream.getTracks()) track.stop();
    } catch (e) {
      setBusy(false);
      setError(`The browser did not allow the microphone (${errorMessage(e)}). You can allow it in the site settings of this page, then try again.`);
      return;
    }
    await answer(true);
  };

  return (
    <main class="page" data-testid="microphone-page">
      <header>
        <Brand tagline="Live help from a real sales associate" />
      </header>
      <section class="card choice">
        <h2>Your associate would like to talk</h2>
        <p class="muted">Floorwalker needs your browser's permission to use the microphone. You can mute or hang up at any time.</p>
        <div class="actions">
          <button type="button" data-testid="allow-microphone" disabled={busy()} onClick={() => void allow()}>
            Allow microphone
          </button>
          <button type="button" data-testid="decline-microphone" disabled={busy()} onClick={() => void answer(false)}>
            Not now
          </button>
        </div>
        <Alert message={error()} testId="microphone-error" />
      </section>
    </main>
  );
}
