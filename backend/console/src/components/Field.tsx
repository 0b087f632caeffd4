import { createUniqueId, type JSX, Show, splitProps } from 'solid-js';
import { firstFieldAtFault, type FormErrors } from '../form.core';

/** A labelled input with its hint and its error (the server's words), tied together for screen readers. */
export function Field(props: { label: string; name: string; error?: string | undefined; hint?: string } & JSX.InputHTMLAttributes<HTMLInputElement>): JSX.Element {
  const [own, input] = splitProps(props, ['label', 'name', 'error', 'hint']);
  const id = createUniqueId();
  const described = () => [own.hint ? `${id}-hint` : '', own.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field-block" classList={{ invalid: !!own.error }}>
      <label for={id}>{own.label}</label>
      <Show when={own.hint}>
        <span id={`${id}-hint`} class="hint">
          {own.hint}
        </span>
      </Show>
      <input id={id} name={own.name} aria-invalid={own.error ? 'true' : undefined} aria-describedby={described()} {...input} />
      <Show when={own.error}>
        <span id={`${id}-error`} class="field-error">
          {own.error}
        </span>
      </Show>
    </div>
  );
}

/** The form's own message (what no field shows), announced when it appears. */
export function FormMessage(props: { message: string | null }): JSX.Element {
  return (
    <Show when={props.message}>
      <p class="alert" role="alert">
        {props.message}
      </p>
    </Show>
  );
}

/** After a refusal, the keyboard goes to the first field at fault (in the form's order), where the server's words are. */
export function focusFieldAtFault(errors: FormErrors, fieldNames: readonly string[]): void {
  const name = firstFieldAtFault(errors, fieldNames);
  if (name) queueMicrotask(() => document.querySelector<HTMLInputElement>(`input[name="${CSS.escape(name)}"]`)?.focus());
}
