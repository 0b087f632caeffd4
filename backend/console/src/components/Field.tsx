import { createUniqueId, For, type JSX, Show, splitProps } from 'solid-js';
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

/** "Saved", said once the form is, beside its button. */
export function Saved(props: { when: boolean }): JSX.Element {
  return (
    <Show when={props.when}>
      <span role="status" class="saved">
        Saved
      </span>
    </Show>
  );
}

/** After a refusal, the keyboard goes to the first field at fault (in the form's order), where the server's words are. */
export function focusFieldAtFault(errors: FormErrors, fieldNames: readonly string[]): void {
  const name = firstFieldAtFault(errors, fieldNames);
  if (name) queueMicrotask(() => document.querySelector<HTMLInputElement>(`input[name="${CSS.escape(name)}"]`)?.focus());
}

/**
 * A field's frame for other controls than an input: its label, hint and error around the control,
 * which gets the ids. The control is made once (its description read reactively), so an error
 * appearing as the user types does not replace the element they are typing in.
 */
function FieldFrame(props: { label: string; hint?: string | undefined; error?: string | undefined; control: (id: string, describedBy: () => string | undefined) => JSX.Element }): JSX.Element {
  const id = createUniqueId();
  const described = () => [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field-block" classList={{ invalid: !!props.error }}>
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <span id={`${id}-hint`} class="hint">
          {props.hint}
        </span>
      </Show>
      {props.control(id, described)}
      <Show when={props.error}>
        <span id={`${id}-error`} class="field-error">
          {props.error}
        </span>
      </Show>
    </div>
  );
}

/** A labelled select of [value, label] options, its error in the server's words. */
export function SelectField(props: { label: string; name: string; value: string; options: readonly (readonly [string, string])[]; hint?: string; error?: string | undefined; onChange: (value: string) => void }): JSX.Element {
  return (
    <FieldFrame
      label={props.label}
      hint={props.hint}
      error={props.error}
      control={(id, describedBy) => (
        <select id={id} name={props.name} value={props.value} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy()} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <For each={props.options}>{([v, l]) => <option value={v}>{l}</option>}</For>
        </select>
      )}
    />
  );
}

/** A labelled text area, its error in the server's words. */
export function TextAreaField(props: { label: string; name: string; value: string; hint?: string; error?: string | undefined; onInput: (value: string) => void }): JSX.Element {
  return (
    <FieldFrame
      label={props.label}
      hint={props.hint}
      error={props.error}
      control={(id, describedBy) => <textarea id={id} name={props.name} value={props.value} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy()} onInput={(e) => props.onInput(e.currentTarget.value)} />}
    />
  );
}
