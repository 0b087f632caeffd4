import type { DialIn } from '../../../../shared/telephony';
import { el } from '../../invitation/corner-card';
import type { DialInReply, LiveView } from '../messages';
import { dialInAfter, dialInWords } from '../phone.core';

/** How long "Copied" stays on the copy button. */
const COPIED_MS = 3_000;

/**
 * Calling in, in the dock: "Call in instead" asks the live host for the shop's number and the
 * engagement's code, shown as "Call +1 415 555 0100 and key in 123 456" with a `tel:` link, a
 * copy button for the number and how long the code works. Gone once the engagement ends, the
 * code expires or the call the shopper placed is connected; asking again gives the same code
 * while it works (the backend keeps it).
 */
export function createDialIn(
  doc: Document,
  ask: () => Promise<DialInReply>,
  copy: ((text: string) => Promise<void>) | null,
  now: () => number,
  onChange: () => void = () => undefined,
) {
  let view: Pick<LiveView, 'link' | 'call'> | null = null;
  let dialIn: DialIn | null = null;
  let asking = false;
  let copiedAt: number | null = null;

  const number = el(doc, 'a', { class: 'dial-in-number', 'data-testid': 'live-dial-in-number' });
  const code = el(doc, 'strong', { class: 'dial-in-code', 'data-testid': 'live-dial-in-code' });
  const line = el(doc, 'p', { class: 'dial-in-line' }, 'Call ', number, ' and key in ', code);
  const expiry = el(doc, 'p', { class: 'hint', 'data-testid': 'live-dial-in-expiry' });
  const copyButton = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'dial-in-copy', 'data-testid': 'live-dial-in-copy' }, 'Copy number');
  const hide = el(doc, 'button', { class: 'link-button', type: 'button', 'data-action': 'dial-in-hide', 'data-testid': 'live-dial-in-hide' }, 'Hide');
  const shown = el(doc, 'div', { class: 'dial-in-shown', hidden: '' }, line, expiry, el(doc, 'div', { class: 'row' }, copyButton, hide));
  const alert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '', 'data-testid': 'live-dial-in-alert' });
  const section = el(doc, 'div', { class: 'section dial-in', hidden: '', role: 'region', 'aria-label': 'Call in', 'data-testid': 'live-dial-in' }, shown, alert);
  if (!copy) copyButton.hidden = true;

  copyButton.addEventListener('click', () => {
    if (!dialIn || !copy) return;
    const text = dialIn.number;
    void copy(text).then(
      () => {
        copyButton.textContent = 'Copied';
        copiedAt = now();
      },
      () => {
        copyButton.textContent = 'Copy number';
        say('The number could not be copied: select it instead.');
      },
    );
  });
  hide.addEventListener('click', () => {
    dialIn = null;
    render(now());
  });

  function say(message: string | null): void {
    alert.hidden = message === null;
    alert.textContent = message ?? '';
  }

  /** Asks for the number and the code (Call in instead); a refusal is said in plain words. */
  function request(): void {
    if (asking || view?.link === 'closed') return;
    asking = true;
    say(null);
    section.hidden = false;
    section.dataset.state = 'asking';
    void Promise.resolve()
      .then(ask)
      .catch((error: unknown): DialInReply => ({ ok: false, message: error instanceof Error ? error.message : 'It could not be asked for.' }))
      .then((reply) => {
        asking = false;
        if (reply.ok) {
          dialIn = reply.dialIn;
          copyButton.textContent = 'Copy number';
          copiedAt = null;
        } else say(`No number to call: ${reply.message}`);
        render(now());
      });
  }

  function render(now: number): void {
    dialIn = view ? dialInAfter(dialIn, view, now) : dialIn;
    if (view?.link === 'closed') say(null);
    if (dialIn) {
      const words = dialInWords(dialIn, now);
      number.textContent = words.number;
      number.setAttribute('href', words.tel);
      code.textContent = words.code;
      code.setAttribute('aria-label', `code ${dialIn.code.split('').join(' ')}`);
      expiry.textContent = words.expiry ?? '';
      if (copiedAt !== null && now - copiedAt > COPIED_MS) {
        copyButton.textContent = 'Copy number';
        copiedAt = null;
      }
    }
    shown.hidden = !dialIn;
    section.hidden = !dialIn && alert.hidden;
    section.dataset.state = asking ? 'asking' : dialIn ? 'shown' : 'none';
    onChange();
  }

  return {
    section,
    request,
    /** The code is on screen. */
    shown: () => dialIn !== null,
    render(next: Pick<LiveView, 'link' | 'call'>, now: number): void {
      view = next;
      render(now);
    },
    tick: (now: number) => render(now),
  };
}
export type DockDialIn = ReturnType<typeof createDialIn>;
