import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchMessage, type Message } from '../../lib/messaging';
import { createFakeBackend, DEMO_ASSOCIATE, type FakeBackend } from '../../lib/testing/fake-backend';
import { installFakePermissions } from '../../lib/testing/fake-permissions';
import { createFakeRealtime, type FakeRealtime } from '../../lib/testing/fake-realtime';
import { fromExtensionPage, testSenderCheck } from '../../lib/testing/senders';
import { agentItem } from '../agent-sign-in/agent-state';
import { createAgentMode } from './agent-mode';
import { AgentPopup } from './AgentPopup';
import { AgentSettings } from './AgentSettings';

// The agent settings and the popup as the associate uses them, against the real background
// handlers (agent mode) and the fake backend: what is typed reaches the server, what it answers shows.

let backend: FakeBackend;
let server: FakeRealtime;
let agent: ReturnType<typeof createAgentMode>;
let container: HTMLDivElement;
let dispose: (() => void) | null = null;

const show = (component: typeof AgentSettings) => {
  dispose = render(() => createComponent(component, {}), container);
};
const $ = <E extends Element = HTMLElement>(testId: string) => container.querySelector<E>(`[data-testid="${testId}"]`);
const type = (testId: string, value: string) => {
  const input = $<HTMLInputElement>(testId)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true }));
};
const text = (testId: string) => $(testId)?.textContent?.trim() ?? null;
const until = <T,>(read: () => T) => vi.waitFor(() => {
  const value = read();
  if (!value) throw new Error('not yet');
  return value;
});
const ask = async (message: Message) => {
  const envelope = await dispatchMessage(agent.handlers, message, fromExtensionPage('options.html'), testSenderCheck());
  if (!envelope?.ok) throw new Error(envelope?.error);
};

beforeEach(async () => {
  fakeBrowser.reset();
  backend = createFakeBackend();
  server = createFakeRealtime();
  agent = createAgentMode({
    fetch: backend.fetch,
    openSocket: server.open,
    surfaces: { panelOnAction: true, apply: async () => undefined, openPanel: async () => undefined },
    notifier: { show: async () => true, clear: async () => undefined },
    onModeChanged: async () => undefined,
    userAgent: () => 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  });
  // The notification switch on the same page watches the browser's permissions (fakeBrowser has no events for them).
  installFakePermissions();
  const event = { addListener: () => undefined, removeListener: () => undefined };
  Object.assign(fakeBrowser.permissions, { onAdded: event, onRemoved: event });
  // The pages' messages reach the background's handlers as from an extension page.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    dispatchMessage(agent.handlers, message, fromExtensionPage('options.html'), testSenderCheck())) as never);
  await ask({ type: 'mode:set', mode: 'agent' });
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(async () => {
  dispose?.();
  dispose = null;
  container.remove();
  await ask({ type: 'mode:set', mode: 'shopper' });
  vi.restoreAllMocks();
});

describe('the sign-in form', () => {
  it.each([
    ['the settings page', AgentSettings],
    ['the popup', AgentPopup],
  ])('on %s: "Forgot password?" asks for the e-mail and says the same whatever the answer', async (_, page) => {
    show(page);
    await until(() => $('agent-forgot'));
    $('agent-forgot')!.click();
    await until(() => $('agent-reset-form'));
    type('agent-reset-email', 'nobody@example.com');
    $<HTMLFormElement>('agent-reset-form')!.requestSubmit();
    expect(await until(() => text('agent-reset-sent'))).toBe(
      "If that address belongs to an associate, we've sent a link to choose a new password. It works once, for 30 minutes.",
    );
    expect(backend.requestsTo('/api/v1/associates/password/reset-request').map((r) => r.body)).toEqual([{ email: 'nobody@example.com' }]);
    $('agent-reset-back')!.click();
    await until(() => $('agent-sign-in'));
  });

  it('after the server closed the socket with 4401, shows the form with why', async () => {
    show(AgentSettings);
    await ask({ type: 'agent:sign-in', email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password });
    await until(() => $('agent-account'));
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1));
    server.connectLast();
    server.last().drop(4401, 'signed out');
    expect(await until(() => text('agent-notice'))).toBe('You were signed out (password changed, signed out elsewhere, or your session expired).');
    expect($('agent-sign-in')).not.toBeNull();
    expect($('agent-account')).toBeNull();
  });
});

describe('password and devices in the agent settings', () => {
  beforeEach(async () => {
    await ask({ type: 'agent:sign-in', email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password });
    await backend.fetch('http://localhost:8787/api/v1/associates/sign-in', {
      method: 'POST',
      body: JSON.stringify({ email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password, device: 'Floorwalker in Firefox on Windows' }),
    });
    show(AgentSettings);
    await until(() => container.querySelectorAll('[data-testid="device"]').length === 2);
  });

  it('lists the devices, this one marked and named after the browser', () => {
    const rows = [...container.querySelectorAll('[data-testid="device"]')].map((li) => [
      li.querySelector('[data-testid="device-label"]')?.textContent,
      li.getAttribute('data-current'),
    ]);
    expect(rows).toEqual([
      ['Floorwalker in Firefox on Windows', 'no'],
      ['Floorwalker in Chrome on Linux', 'yes'],
    ]);
    expect(text('device-current')).toBe('This device');
  });

  it('changes the password: the rules are stated, refusals are in the associate’s words, success says the others are signed out', async () => {
    const hint = $('password-new')!.getAttribute('aria-describedby')!;
    expect(container.querySelector(`#${hint}`)?.textContent).toBe('At least 10 characters, using at least 4 different ones, and not containing your e-mail address.');
    type('password-current', 'not my password');
    type('password-new', 'a brand new secret');
    type('password-again', 'a brand new secret');
    $<HTMLFormElement>('password-change')!.requestSubmit();
    expect(await until(() => text('password-change-error'))).toBe('Your current password is not right. Check it and try again.');
    type('password-current', DEMO_ASSOCIATE.password);
    type('password-again', 'something else');
    $<HTMLFormElement>('password-change')!.requestSubmit();
    expect(await until(() => text('password-change-error') !== 'Your current password is not right. Check it and try again.' && text('password-change-error'))).toBe(
      'The two new passwords differ. Type the same one twice.',
    );
    type('password-again', 'a brand new secret');
    $<HTMLFormElement>('password-change')!.requestSubmit();
    expect(await until(() => text('password-changed'))).toBe('Your password is changed. Your other devices are signed out.');
    expect(backend.associateTokens()).toEqual(['fwa_1']);
  });

  it('signs another device out; the list follows', async () => {
    const other = [...container.querySelectorAll('[data-testid="device"]')].find((li) => li.getAttribute('data-current') === 'no')!;
    other.querySelector<HTMLButtonElement>('[data-testid="device-sign-out"]')!.click();
    await until(() => container.querySelectorAll('[data-testid="device"]').length === 1);
    expect(backend.associateTokens()).toEqual(['fwa_1']);
  });

  it('"Sign out everywhere" confirms once, then this device is signed out too and the form says so', async () => {
    $('sign-out-everywhere')!.click();
    await until(() => $('sign-out-everywhere-confirm'));
    expect(backend.associateTokens()).toHaveLength(2); // nothing happens before the confirmation
    $('sign-out-everywhere-yes')!.click();
    expect(await until(() => text('agent-notice'))).toBe('You signed out on every device, this one included.');
    expect(backend.associateTokens()).toEqual([]);
    expect(await agentItem.getValue()).toBeNull();
    expect($('agent-sign-in')).not.toBeNull();
  });
});

describe('the phone for calls in the agent settings', () => {
  beforeEach(async () => {
    await ask({ type: 'agent:sign-in', email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password });
    show(AgentSettings);
    await until(() => $('agent-phone-input'));
  });
  const save = () => $<HTMLFormElement>('agent-phone-save')!.closest('form')!.requestSubmit();
  const onServer = () => backend.associates.find((a) => a.email === DEMO_ASSOCIATE.email)!.contact;

  it('says what it is for; a mistake is said in plain words and nothing is sent', async () => {
    const hint = $('agent-phone-input')!.getAttribute('aria-describedby')!;
    expect(container.querySelector(`#${hint}`)?.textContent).toBe(
      'When a shopper asks to be called, this phone rings first; once you answer, the shopper’s phone is dialled. It is never shown to shoppers or to the shops.',
    );
    expect(text('agent-phone-none')).toBe('None yet: you cannot take phone calls from shoppers.');
    type('agent-phone-input', '020 7946 0958');
    save();
    expect(await until(() => text('agent-phone-problem'))).toBe('Start the number with + and the country code (such as +44 for the UK or +1 for the US).');
    expect($('agent-phone-input')!.getAttribute('aria-invalid')).toBe('true');
    expect(onServer().phone).toBeUndefined();
  });

  it('saves a number as E.164 with the other preferences kept, changes it to a SIP address, and removes it', async () => {
    type('agent-phone-input', '+44 20 7946 0958');
    save();
    expect(await until(() => text('agent-phone-saved'))).toBe('Saved: calls ring this number.');
    expect(onServer()).toEqual({ ...DEMO_ASSOCIATE.contact, phone: '+442079460958' });
    expect(($('agent-phone-input') as HTMLInputElement).value).toBe('+442079460958');
    expect((await agentItem.getValue())?.associate.contact.phone).toBe('+442079460958');

    type('agent-phone-input', 'sip:ana@pbx.example.com');
    save();
    expect(await until(() => text('agent-phone-saved') === 'Saved: calls ring this SIP address.')).toBe(true);
    expect(onServer().phone).toBe('sip:ana@pbx.example.com');

    $('agent-phone-clear')!.click();
    expect(await until(() => text('agent-phone-saved') === 'Removed: you take no phone calls now.')).toBe(true);
    expect(onServer()).toEqual(DEMO_ASSOCIATE.contact);
    expect(($('agent-phone-input') as HTMLInputElement).value).toBe('');
    expect($('agent-phone-clear')).toBeNull();
  });
});

describe('days off and one-off hours in the agent settings', () => {
  beforeEach(async () => {
    await ask({ type: 'agent:sign-in', email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password });
    show(AgentSettings);
    await until(() => $('schedule-exceptions-none'));
  });
  const rows = () => [...container.querySelectorAll('[data-testid="schedule-exception"]')].map((li) => [li.getAttribute('data-date'), li.querySelector('[data-testid="schedule-exception-hours"]')?.textContent]);
  const check = (testId: string, on: boolean) => {
    const box = $<HTMLInputElement>(testId)!;
    box.checked = on;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  };

  it('sets a day off and one-off hours, lists them by date, and removes one', async () => {
    type('schedule-exception-date', '2026-03-10');
    type('schedule-exception-note', 'Dentist');
    $<HTMLFormElement>('schedule-exception-save')!.closest('form')!.requestSubmit();
    await until(() => rows().length === 1);
    type('schedule-exception-date', '2026-03-07');
    check('schedule-exception-off', false);
    await until(() => $('schedule-exception-from'));
    type('schedule-exception-from', '18:00');
    type('schedule-exception-to', '20:00');
    $<HTMLFormElement>('schedule-exception-save')!.closest('form')!.requestSubmit();
    await until(() => rows().length === 2);
    expect(rows()).toEqual([
      ['2026-03-07', '18:00–20:00'],
      ['2026-03-10', 'Day off'],
    ]);
    expect(backend.requestsTo(/schedule-exceptions\/2026/).map((r) => [r.method, r.path, r.body])).toEqual([
      ['PUT', '/api/v1/associates/me/schedule-exceptions/2026-03-10', { periods: [], note: 'Dentist' }],
      ['PUT', '/api/v1/associates/me/schedule-exceptions/2026-03-07', { periods: [{ from: '18:00', to: '20:00' }], note: null }],
    ]);
    container.querySelector<HTMLButtonElement>('[data-date="2026-03-07"] [data-testid="schedule-exception-remove"]')!.click();
    await until(() => rows().length === 1);
    expect(rows()).toEqual([['2026-03-10', 'Day off']]);
  });

  it('says what the server refuses, in its words', async () => {
    type('schedule-exception-date', '2026-03-01');
    $<HTMLFormElement>('schedule-exception-save')!.closest('form')!.requestSubmit();
    await until(() => container.querySelector('[data-testid="schedule-exceptions"] [role="alert"]')?.textContent);
    expect(container.querySelector('[data-testid="schedule-exceptions"] [role="alert"]')!.textContent).toContain('2026-03-01 is in the past');
    expect(rows()).toEqual([]);
  });
});
