import { type PhonePurpose, phoneConsentText } from '../../../../shared/telephony';
import { el } from '../../invitation/corner-card';
import type { LiveView, PhoneReply } from '../messages';
import { callWords, normalisePhone, purposesLabel } from '../phone.core';

export interface PhoneActions {
  /** Gives the number (E.164) for `purposes`, the statement agreed; `callNow` places the call. */
  givePhone(body: { phone: string; purposes: PhonePurpose[]; callNow: boolean }): Promise<PhoneReply>;
  removePhone(): Promise<PhoneReply>;
  hangUp(callId: string): Promise<PhoneReply>;
  callAgain(): Promise<PhoneReply>;
  /** The shopper closed the form of an ask without giving a number: it is refused. */
  refuse(askId: string): void;
}

/** A number remembered on this browser (extension storage only), to fill the form next time. */
export interface PhoneMemory {
  load(): Promise<string | null>;
  save(phone: string): Promise<void>;
  forget(): Promise<void>;
}

const failed = (error: unknown): PhoneReply => ({ ok: false, message: error instanceof Error ? error.message : 'It could not be sent.' });
const settle = (run: () => Promise<PhoneReply>) => Promise.resolve().then(run).catch(failed);

/**
 * The shopper's phone in the dock: the form that gives a number (the number, call and/or text,
 * the statement agreed to by the submit button, remember on this browser), the number given
 * (masked) with Remove, and the call bar (its state in words, Hang up, Call me again). Nothing
 * leaves before the shopper submits; the number typed stays in this closed root and goes only
 * to the live host.
 */
export function createPhone(
  doc: Document,
  actions: PhoneActions,
  memory: PhoneMemory | null,
  onChange: () => void = () => undefined,
  callIn: (() => void) | null = null,
) {
  let view: LiveView | null = null;
  /** The ask the open form answers, if it was opened from one. */
  let askId: string | null = null;
  let remembered: string | null = null;

  // ---- the form ----
  const input = el(doc, 'input', {
    type: 'tel',
    inputmode: 'tel',
    autocomplete: 'tel',
    placeholder: '+44 7700 900123',
    'aria-describedby': 'fw-phone-hint',
    'data-testid': 'live-phone-input',
  });
  const numberLabel = el(doc, 'label', {}, 'Your phone number', input);
  const hint = el(doc, 'p', { class: 'hint', id: 'fw-phone-hint' }, 'With your country code: + or 00.');
  const check = (testId: string, label: string) => {
    const box = el(doc, 'input', { type: 'checkbox', 'data-testid': testId });
    return { box, label: el(doc, 'label', { class: 'check' }, box, label) };
  };
  const callBox = check('live-phone-call', 'Call me');
  const textBox = check('live-phone-text', 'Text me');
  const purposes = el(doc, 'div', { class: 'purposes', role: 'group', 'aria-label': 'What they may do with it' }, callBox.label, textBox.label);
  const consent = el(doc, 'p', { class: 'consent', id: 'fw-phone-consent', 'data-testid': 'live-phone-consent' });
  const rememberBox = check('live-phone-remember', 'Remember this number on this browser');
  const forget = el(doc, 'button', { class: 'link-button', type: 'button', hidden: '', 'data-action': 'phone-forget', 'data-testid': 'live-phone-forget' }, 'Forget it');
  const remember = el(doc, 'div', { class: 'remember' }, rememberBox.label, forget);
  const alert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '', 'data-testid': 'live-phone-alert' });
  const submit = el(doc, 'button', { class: 'answer primary', type: 'submit', 'aria-describedby': 'fw-phone-consent', 'data-testid': 'live-phone-submit' }, 'Call me now');
  const cancel = el(doc, 'button', { class: 'answer', type: 'button', 'data-action': 'phone-cancel', 'data-testid': 'live-phone-cancel' }, 'Cancel');
  const title = el(doc, 'h3', { 'data-testid': 'live-phone-title' });
  const form = el(
    doc,
    'form',
    { class: 'phone-form', hidden: '', 'aria-label': 'Your phone number', novalidate: '', 'data-testid': 'live-phone-form' },
    title,
    numberLabel,
    hint,
    purposes,
    consent,
    remember,
    alert,
    el(doc, 'div', { class: 'actions' }, submit, cancel),
  );
  if (callIn) {
    // Rather not give a number: the shop's number and a code instead (the form closes; an ask it answered stays open).
    const instead = el(doc, 'button', { class: 'link-button', type: 'button', 'data-action': 'dial-in', 'data-testid': 'live-dial-in-ask-form' }, 'Call in instead');
    form.append(el(doc, 'p', { class: 'instead' }, 'Rather not give your number? ', instead));
    instead.addEventListener('click', () => {
      close();
      callIn();
    });
  }

  const chosen = (): PhonePurpose[] => [...(callBox.box.checked ? (['call'] as const) : []), ...(textBox.box.checked ? (['text'] as const) : [])];
  function syncWords(): void {
    const what = chosen();
    // The statement as the backend records it, word for word (both when nothing is chosen yet: the button says why not).
    consent.textContent = phoneConsentText(view?.shopName ?? 'The shop', what.length ? what : ['call']);
    submit.textContent = what.includes('call') ? 'Call me now' : 'Save number';
  }
  callBox.box.addEventListener('change', syncWords);
  textBox.box.addEventListener('change', syncWords);
  input.addEventListener('input', () => {
    alert.hidden = true;
    input.removeAttribute('aria-invalid');
  });

  function say(message: string): void {
    alert.textContent = message;
    alert.hidden = false;
  }

  /** Opens the form, for `purpose` (from the associate's ask `fromAsk`, or the shopper's own Call me). */
  function open(purpose: PhonePurpose, fromAsk: string | null = null): void {
    askId = fromAsk;
    const name = view?.associateName.trim() || 'The associate';
    title.textContent = fromAsk ? `Give ${name} a number to ${purpose === 'call' ? 'call' : 'text'}` : 'Call me on my phone';
    callBox.box.checked = purpose === 'call' || (view?.phone.purposes.includes('call') ?? false);
    textBox.box.checked = purpose === 'text';
    alert.hidden = true;
    submit.disabled = false;
    form.hidden = false;
    syncWords();
    sync();
    input.focus();
    if (!memory) return;
    void memory.load().then(
      (kept) => {
        remembered = kept;
        forget.hidden = !kept;
        if (kept && !input.value) {
          input.value = kept;
          rememberBox.box.checked = true;
        }
      },
      () => undefined,
    );
  }

  function close(): void {
    form.hidden = true;
    askId = null;
    input.value = '';
    input.removeAttribute('aria-invalid');
    rememberBox.box.checked = false;
    sync();
  }

  cancel.addEventListener('click', () => {
    if (askId) actions.refuse(askId);
    close();
  });
  forget.addEventListener('click', () => {
    if (remembered && input.value === remembered) input.value = '';
    remembered = null;
    rememberBox.box.checked = false;
    forget.hidden = true;
    void memory?.forget().catch(() => undefined);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const number = normalisePhone(input.value);
    if (!number.ok) {
      input.setAttribute('aria-invalid', 'true');
      say(number.message);
      input.focus();
      return;
    }
    const what = chosen();
    if (what.length === 0) return say('Choose whether they may call you, text you, or both.');
    input.value = number.phone; // shown as it goes
    submit.disabled = true;
    const keep = rememberBox.box.checked;
    void settle(() => actions.givePhone({ phone: number.phone, purposes: what, callNow: what.includes('call') })).then((reply) => {
      submit.disabled = false;
      if (!reply.ok) return say(`Not sent: ${reply.message}`);
      // Kept on this browser only when the shopper asked; unticked, a number kept before is forgotten.
      if (keep) void memory?.save(number.phone).catch(() => undefined);
      else if (remembered) void memory?.forget().catch(() => undefined);
      remembered = keep ? number.phone : null;
      close();
    });
  });

  // ---- the number given ----
  const masked = el(doc, 'span', { class: 'state', 'data-testid': 'live-phone-number' });
  const remove = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'phone-remove', 'data-testid': 'live-phone-remove' }, 'Remove my number');
  const given = el(doc, 'div', { class: 'given', hidden: '', 'data-testid': 'live-phone-given' }, masked, remove);
  const givenAlert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '', 'data-testid': 'live-phone-given-alert' });
  remove.addEventListener('click', () => {
    remove.disabled = true;
    void settle(() => actions.removePhone()).then((reply) => {
      remove.disabled = false;
      givenAlert.hidden = reply.ok;
      if (!reply.ok) givenAlert.textContent = `Not removed: ${reply.message}`;
      sync();
    });
  });
  const section = el(doc, 'div', { class: 'section phone', hidden: '', 'data-testid': 'live-phone' }, form, given, givenAlert);

  // ---- the call bar ----
  const callState = el(doc, 'span', { class: 'state', role: 'status', 'data-testid': 'live-call-state' });
  const hangUp = el(doc, 'button', { class: 'small danger', type: 'button', 'data-action': 'call-hangup', 'data-testid': 'live-call-hangup' }, 'Hang up');
  const again = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'call-again', 'data-testid': 'live-call-again' }, 'Call me again');
  const callAlert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '', 'data-testid': 'live-call-alert' });
  const bar = el(doc, 'div', { class: 'section call', hidden: '', 'data-testid': 'live-call' }, el(doc, 'div', { class: 'row' }, callState, hangUp, again), callAlert);
  const replied = (button: HTMLButtonElement) => (reply: PhoneReply) => {
    button.disabled = false;
    callAlert.hidden = reply.ok;
    if (!reply.ok) callAlert.textContent = reply.message;
  };
  hangUp.addEventListener('click', () => {
    const callId = view?.call?.callId;
    if (!callId) return;
    hangUp.disabled = true;
    void settle(() => actions.hangUp(callId)).then(replied(hangUp));
  });

  /** Call me (the head's button, Call me again): with a number for calls, the call goes at once; else the form opens. */
  function callMe(): void {
    if (!view?.phone.given || !view.phone.purposes.includes('call')) return open('call');
    again.disabled = true;
    void settle(() => actions.callAgain()).then(replied(again));
  }
  again.addEventListener('click', callMe);

  /** The call bar's words at `now` (it ticks while connected). */
  function renderCall(now: number): void {
    const call = view && view.link !== 'closed' ? view.call : null;
    bar.hidden = !call;
    if (!call) return;
    const words = callWords(call, now);
    callState.textContent = words.label;
    bar.dataset.state = call.state;
    hangUp.hidden = !words.on;
    // After a call the shopper placed, the head offers Call me and Call in instead again.
    again.hidden = words.on || call.direction === 'dial-in';
  }

  function sync(): void {
    const phone = view?.phone;
    const show = Boolean(phone?.given) && form.hidden && view?.link !== 'closed';
    given.hidden = !show;
    section.hidden = form.hidden && given.hidden && givenAlert.hidden;
    if (phone?.given) masked.textContent = `Your number ${phone.masked ?? ''} ${purposesLabel(phone.purposes)}`.replace(/\s+/g, ' ');
    onChange();
  }

  return {
    /** The call bar, above the asks. */
    bar,
    /** The form and the number given. */
    section,
    open,
    callMe,
    formOpen: () => !form.hidden,
    /** A call is on (Call me would start nothing new). */
    callOn: () => Boolean(view?.call && view.call.state !== 'ended'),
    render(next: LiveView, now: number): void {
      view = next;
      if (next.link === 'closed' && !form.hidden) close();
      if (!form.hidden) syncWords();
      sync();
      renderCall(now);
    },
    tick: renderCall,
  };
}
export type DockPhone = ReturnType<typeof createPhone>;
