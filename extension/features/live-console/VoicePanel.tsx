import { createEffect, Match, Show, Switch } from '#imports';
import { answerText, type ConsoleState, lastAsk } from './console.core';
import type { ConsoleEngagement } from './engagement';

/** The call: Call (asks the shopper, then the microphone), Mute / Unmute, Hang up; the shopper's audio plays here. */
export function VoicePanel(props: { session: ConsoleEngagement; state: ConsoleState; remoteAudio: MediaStream | null; remoteName: string }) {
  let audio: HTMLAudioElement | undefined;
  createEffect(() => {
    const stream = props.remoteAudio;
    if (audio && audio.srcObject !== stream) audio.srcObject = stream;
  });
  const voice = () => props.state.voice;
  const open = () => props.state.link === 'open';
  const lastAnswer = () => lastAsk(props.state, 'voice')?.answer;

  return (
    <section class="live-card live-voice" aria-label="Voice" data-testid="voice" data-state={voice().local}>
      <div class="voice-row">
        <div class="voice-status">
          <h2>Voice</h2>
          <p class="small muted" data-testid="voice-status">
            <Switch>
              <Match when={voice().local === 'off'}>{voice().error ?? (lastAnswer() === 'no' || lastAnswer() === 'lapsed' ? answerText(lastAnswer()!) : 'No call')}</Match>
              <Match when={voice().local === 'calling'}>Calling {props.remoteName}…</Match>
              <Match when={voice().local === 'on'}>
                {voice().muted ? 'On the call (you are muted)' : 'On the call'}
                {voice().remote === 'muted' ? ` · ${props.remoteName} is muted` : ''}
              </Match>
            </Switch>
          </p>
        </div>
        <div class="actions">
          <Show
            when={voice().local !== 'off'}
            fallback={
              <button class="primary" data-testid="voice-call" disabled={!open()} onClick={() => props.session.call()}>
                Call
              </button>
            }
          >
            <button data-testid="voice-mute" aria-pressed={voice().muted} disabled={voice().local !== 'on'} onClick={() => props.session.mute(!voice().muted)}>
              {voice().muted ? 'Unmute' : 'Mute'}
            </button>
            <button class="danger" data-testid="voice-hangup" onClick={() => props.session.hangUp()}>
              Hang up
            </button>
          </Show>
        </div>
      </div>
      <Show when={voice().error && voice().local === 'off'}>
        <p class="alert small" role="alert">{voice().error}</p>
      </Show>
      <audio ref={audio} autoplay data-testid="voice-audio" />
    </section>
  );
}
