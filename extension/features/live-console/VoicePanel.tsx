import { createEffect, Match, Show, Switch } from '#imports';
import { callButton, type ConsoleState, noCallText } from './console.core';
import type { ConsoleEngagement } from './engagement';

/** The call: one button (Call, Cancel call, Hang up: it follows the call), Mute / Unmute on a call; the shopper's audio plays here. */
export function VoicePanel(props: { engagement: ConsoleEngagement; state: ConsoleState; remoteAudio: MediaStream | null; remoteName: string }) {
  let audio: HTMLAudioElement | undefined;
  createEffect(() => {
    const stream = props.remoteAudio;
    if (audio && audio.srcObject !== stream) audio.srcObject = stream;
  });
  const voice = () => props.state.voice;
  const button = () => callButton(props.state);

  return (
    <section class="live-card live-voice" aria-label="Voice" data-testid="voice" data-state={voice().local}>
      <div class="voice-row">
        <div class="voice-status">
          <h2>Voice</h2>
          <p class="small muted" data-testid="voice-status">
            <Switch>
              <Match when={voice().local === 'off'}>{noCallText(props.state)}</Match>
              <Match when={voice().local === 'calling'}>Calling {props.remoteName}: waiting for them to allow it…</Match>
              <Match when={voice().local === 'on'}>
                {voice().muted ? 'On the call (you are muted)' : 'On the call'}
                {voice().remote === 'muted' ? ` · ${props.remoteName} is muted` : ''}
              </Match>
            </Switch>
          </p>
        </div>
        <div class="actions">
          <Show when={voice().local === 'on'}>
            <button data-testid="voice-mute" aria-pressed={voice().muted} onClick={() => props.engagement.mute(!voice().muted)}>
              {voice().muted ? 'Unmute' : 'Mute'}
            </button>
          </Show>
          <button
            class={button().action === 'call' ? 'primary' : 'danger'}
            data-testid="voice-call"
            data-action={button().action}
            disabled={button().disabled !== null}
            title={button().disabled ?? undefined}
            onClick={() => (button().action === 'call' ? props.engagement.call() : props.engagement.hangUp())}
          >
            {button().label}
          </button>
        </div>
      </div>
      <Show when={voice().error && voice().local === 'off'}>
        <p class="alert small" role="alert">{voice().error}</p>
      </Show>
      <audio ref={audio} autoplay data-testid="voice-audio" />
    </section>
  );
}
