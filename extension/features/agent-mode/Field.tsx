/** A labelled input of the agent's forms (sign-in, reset, password change), with the rules it follows under it when there are some. */
export function Field(props: {
  label: string;
  type: 'email' | 'password';
  autocomplete: string;
  testId: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
}) {
  return (
    <label>
      {props.label}
      <input
        id={props.testId}
        type={props.type}
        autocomplete={props.autocomplete}
        data-testid={props.testId}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-describedby={props.hint ? `${props.testId}-hint` : undefined}
      />
      {props.hint && (
        <span class="hint muted" id={`${props.testId}-hint`}>
          {props.hint}
        </span>
      )}
    </label>
  );
}
