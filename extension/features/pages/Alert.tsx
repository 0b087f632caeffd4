import { Show } from '#imports';

/** A failure the shopper must see, announced to screen readers as it appears. */
export function Alert(props: { message: string | null | undefined; testId?: string }) {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="alert" role="alert" data-testid={props.testId}>
          {message()}
        </p>
      )}
    </Show>
  );
}
