import { createSignal, Show } from '#imports';
import { answerText, type ConsoleState, lastNavigation } from './console.core';
import type { ConsoleEngagement } from './engagement';

/**
 * "Send the shopper to": a URL of one of the shop's sites, checked here first; the shopper says
 * yes or no. The field always keeps what was typed (while guiding is not allowed yet, after a
 * refusal or an error); the button is disabled with the reason (`blocked`) beside it.
 */
export function SendToPage(props: { engagement: ConsoleEngagement; state: ConsoleState; blocked: string | null }) {
  const [url, setUrl] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [sentId, setSentId] = createSignal<string | null>(null);
  const closed = () => props.state.link === 'closed';
  const last = () => {
    const nav = lastNavigation(props.state);
    return nav && nav.id === sentId() ? nav : null;
  };
  const submit = () => {
    if (props.blocked) return;
    const why = props.engagement.navigate(url());
    setProblem(why);
    setSentId(why ? null : (lastNavigation(props.engagement.state())?.id ?? null));
  };
  // After the end nothing more is sent: the last answer no longer matters.
  const note = () => (closed() ? null : (problem() ?? (last() ? answerText(last()!.answer) : url().trim() ? props.blocked : null)));

  return (
    <form
      class="send-to-page"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label class="small muted" for="nav-url">
        Send the shopper to
      </label>
      <div class="field">
        <input
          id="nav-url"
          data-testid="nav-url"
          type="text"
          inputMode="url"
          autocomplete="off"
          placeholder="https://… a page of the shop"
          value={url()}
          disabled={closed()}
          onInput={(e) => {
            setUrl(e.currentTarget.value);
            setProblem(null);
          }}
        />
        <button type="submit" data-testid="nav-send" disabled={props.blocked !== null || url().trim() === ''} title={props.blocked ?? (url().trim() === '' ? 'Type the address of a page of the shop first.' : undefined)}>
          Send to page
        </button>
      </div>
      <Show when={note()}>
        {(text) => (
          <p
            class="nav-answer small"
            classList={{ warn: problem() !== null || (last() === null && props.blocked !== null) || !['yes', 'asking'].includes(last()?.answer ?? 'yes') }}
            data-testid="nav-answer"
            data-answer={problem() ? 'invalid' : (last()?.answer ?? (props.blocked ? 'blocked' : ''))}
            role="status"
          >
            {text()}
          </p>
        )}
      </Show>
    </form>
  );
}
