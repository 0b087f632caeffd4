import { createSignal } from 'solid-js';
import { problemOf } from './api.core';
import { focusFieldAtFault } from './components/Field';
import { type FormErrors, formErrors, NO_ERRORS } from './form.core';

/** A form's check: the body to send, or each field's words (the shared contract's). */
export type FormCheck<B> = { ok: true; body: B } | { ok: false; errors: FormErrors };

/**
 * A settings form checked as the user types (once they typed), with the contract's words; after a
 * refusal the server's words replace them, on their fields, and the keyboard goes to the first
 * field at fault. `submit(send)` checks, sends, and shows the form the answer makes, saved.
 */
export function useCheckedForm<F, B>(initial: F, check: (form: F) => FormCheck<B>, fields: readonly string[]) {
  const [form, setForm] = createSignal<F>(initial);
  const [touched, setTouched] = createSignal(false);
  const [serverErrors, setServerErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const errors = (): FormErrors => {
    if (serverErrors().form || Object.keys(serverErrors().fields).length) return serverErrors();
    const c = check(form());
    return touched() && !c.ok ? c.errors : NO_ERRORS;
  };
  const patch = (p: Partial<F>) => {
    setForm((f) => ({ ...f, ...p }));
    setTouched(true);
    setSaved(false);
    setServerErrors(NO_ERRORS);
  };
  /** The form as read from the server (untouched; "Saved" kept as it is). */
  const load = (f: F) => {
    setForm(() => f);
    setTouched(false);
  };
  const submit = (send: (body: B) => Promise<F>) => async (e: SubmitEvent) => {
    e.preventDefault();
    setTouched(true);
    const c = check(form());
    if (!c.ok) {
      focusFieldAtFault(c.errors, fields);
      return;
    }
    setBusy(true);
    try {
      load(await send(c.body));
      setSaved(true);
    } catch (err) {
      const next = formErrors(problemOf(err), fields);
      setServerErrors(next);
      focusFieldAtFault(next, fields);
    } finally {
      setBusy(false);
    }
  };
  /** A refusal of something else than the form (a removal): its words above the button. */
  const refused = (err: unknown) => setServerErrors({ form: problemOf(err).message, fields: {} });
  return { form, patch, load, errors, saved, setSaved, busy, submit, refused };
}
