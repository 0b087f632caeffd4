import { el } from '../../invitation/corner-card';
import { voiceBar } from '../asks.core';
import type { LiveView } from '../messages';

export type VoiceAction = 'mute' | 'unmute' | 'hang-up';

/** The call's bar while there is one: its state, Mute/Unmute and Hang up. */
export function createVoiceBar(doc: Document, act: (action: VoiceAction) => void) {
  const state = el(doc, 'span', { class: 'state', 'data-testid': 'live-voice-state', role: 'status' });
  const toggle = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'mute', 'data-testid': 'live-voice-mute' }, 'Mute');
  const hangUp = el(doc, 'button', { class: 'small danger', type: 'button', 'data-action': 'hang-up', 'data-testid': 'live-voice-hangup' }, 'Hang up');
  const section = el(doc, 'div', { class: 'section voice', hidden: '', 'data-testid': 'live-voice' }, state, toggle, hangUp);
  toggle.addEventListener('click', () => act(toggle.dataset.action as 'mute' | 'unmute'));
  hangUp.addEventListener('click', () => act('hang-up'));

  return {
    section,
    render(voice: LiveView['voice'], associateName: string, closed: boolean): void {
      const bar = closed ? null : voiceBar(voice, associateName);
      section.hidden = !bar;
      if (!bar) return;
      state.textContent = bar.label;
      toggle.textContent = bar.toggle.label;
      toggle.dataset.action = bar.toggle.action;
    },
  };
}
