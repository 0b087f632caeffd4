import { createEffect, createSignal, on, Show } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { useStored } from '../../lib/stored';
import { agentItem } from '../agent-sign-in/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { isSip, readAssociatePhone } from './associate-phone.core';

/**
 * "Phone for calls" in the agent settings: the number (E.164) or SIP address the backend rings
 * when a shopper asks to be called, kept in the associate's contact preferences on the server.
 * Checked as typed, in plain words; blank and saved, it is removed.
 */
export function PhoneForCalls() {
  const agent = useStored(agentItem);
  const saved = () => agent()?.associate.contact?.phone ?? null;
  const [draft, setDraft] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  // The field shows what the server has, until the associate types.
  createEffect(on(saved, (phone) => setDraft(phone ?? '')));

  const save = createAction('Your phone for calls could not be saved', async (phone: string | null) => {
    setDone(null);
    const answer = await sendMessage({ type: 'agent:phone', phone });
    setDraft(answer.phone ?? '');
    setDone(answer.phone ? (isSip(answer.phone) ? 'Saved: calls ring this SIP address.' : 'Saved: calls ring this number.') : 'Removed: you take no phone calls now.');
  });
  const submit = (value: string) => {
    const read = readAssociatePhone(value);
    setDone(null);
    if (!read.ok) return void setProblem(read.message);
    setProblem(null);
    void save.run(read.phone);
  };

  return (
    <section class="credentials phone-for-calls" data-testid="agent-phone">
      <h3>Phone for calls</h3>
      <form
        class="sign-in"
        onSubmit={(e) => {
          e.preventDefault();
          submit(draft());
        }}
      >
        <label>
          Your phone number or SIP address
          <input
            type="text"
            inputmode="tel"
            autocomplete="tel"
            data-testid="agent-phone-input"
            placeholder="+44 20 7946 0958 or sip:you@pbx.example.com"
            maxLength={200}
            value={draft()}
            aria-invalid={problem() !== null}
            aria-describedby="agent-phone-hint"
            onInput={(e) => {
              setDraft(e.currentTarget.value);
              setProblem(null);
              setDone(null);
            }}
          />
          <span class="hint muted" id="agent-phone-hint">
            When a shopper asks to be called, this phone rings first; once you answer, the shopper’s phone is dialled. It is never shown to shoppers or to the shops.
          </span>
        </label>
        <Show when={problem()}>
          {(p) => (
            <p class="alert" role="alert" data-testid="agent-phone-problem">
              {p()}
            </p>
          )}
        </Show>
        <div class="actions">
          <button type="submit" data-testid="agent-phone-save" disabled={save.busy() || draft().trim() === (saved() ?? '')}>
            Save
          </button>
          <Show when={saved()}>
            <button type="button" data-testid="agent-phone-clear" disabled={save.busy()} onClick={() => submit('')}>
              Remove
            </button>
          </Show>
        </div>
        <Show when={done()}>
          {(d) => (
            <p class="notice small" role="status" data-testid="agent-phone-saved">
              {d()}
            </p>
          )}
        </Show>
        <Show when={!saved() && !done()}>
          <p class="muted small" data-testid="agent-phone-none">
            None yet: you cannot take phone calls from shoppers.
          </p>
        </Show>
      </form>
      <Alert message={save.error()} testId="agent-phone-error" />
    </section>
  );
}
