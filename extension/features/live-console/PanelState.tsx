import { Show } from '#imports';
import type { JSX } from 'solid-js';
import { linkUrl } from '../../../shared/page';
import type { Load } from './sales';

/**
 * A console panel's heading with how its read is going: "Loading…" (or "Updating…" over what it
 * shows), and a failure in words with "Try again". `testId` prefixes the parts' test ids.
 */
export function PanelState(props: { title: string; load: Load<unknown>; retry: () => void; testId: string; children?: JSX.Element }) {
  return (
    <>
      <div class="card-head">
        <h2>{props.title}</h2>
        <Show when={props.load.status === 'loading'}>
          <span class="muted small" role="status" data-testid={`${props.testId}-loading`}>
            {props.load.data ? 'Updating…' : 'Loading…'}
          </span>
        </Show>
        {props.children}
      </div>
      <Show when={props.load.error}>
        {(error) => (
          <div class="alert" role="alert" data-testid={`${props.testId}-error`}>
            <p>{error()}</p>
            <button class="small-button" data-testid={`${props.testId}-retry`} onClick={() => props.retry()}>
              Try again
            </button>
          </div>
        )}
      </Show>
    </>
  );
}

/** A web page's link opening in a new tab (the associate's), or the text alone when the address is not a web page. */
export function PageLink(props: { url: string | null | undefined; children: JSX.Element }) {
  return (
    <Show when={linkUrl(props.url)} fallback={props.children}>
      {(href) => (
        <a href={href()} target="_blank" rel="noopener noreferrer">
          {props.children}
        </a>
      )}
    </Show>
  );
}
