import { type JSX, Show } from 'solid-js';
import type { Problem } from '../api.core';

/** Something is on its way: said to screen readers, shown after a moment's grace. */
export function Loading(props: { what?: string }): JSX.Element {
  return (
    <p class="state loading" role="status">
      <span class="spinner" aria-hidden="true" />
      Loading {props.what ?? ''}…
    </p>
  );
}

/** Nothing here yet: what would be here, and what to do about it. */
export function Empty(props: { title: string; children?: JSX.Element }): JSX.Element {
  return (
    <div class="state empty">
      <p class="state-title">{props.title}</p>
      <Show when={props.children}>
        <div class="muted">{props.children}</div>
      </Show>
    </div>
  );
}

/** A refusal or a failure, in the server's words, with a way to try again. */
export function ErrorState(props: { problem: Problem; retry?: () => void }): JSX.Element {
  return (
    <div class="state error" role="alert">
      <p class="state-title">{props.problem.status === 403 ? 'Not allowed' : 'Could not load this'}</p>
      <p>{props.problem.message}</p>
      <Show when={props.retry}>
        <button type="button" onClick={() => props.retry?.()}>
          Try again
        </button>
      </Show>
    </div>
  );
}

/** What an action on the page did, said to screen readers as it appears; nothing when there is nothing to say. */
export function Notice(props: { message: string | null | undefined; class?: string }): JSX.Element {
  return (
    <Show when={props.message}>
      <p class={props.class ?? 'notice'} role="status">
        {props.message}
      </p>
    </Show>
  );
}

/** Why an action on the page failed, in the server's words, announced at once; nothing when nothing failed. */
export function Alert(props: { message: string | null | undefined }): JSX.Element {
  return (
    <Show when={props.message}>
      <p class="alert" role="alert">
        {props.message}
      </p>
    </Show>
  );
}
