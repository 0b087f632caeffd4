import { createSignal, Show } from '#imports';
import { answerText, type ConsoleState, lastNavigation } from './console.core';
import type { ConsoleEngagement } from './engagement';

/** "Send to page": a URL of one of the shop's sites, checked here first; the shopper says yes or no. */
export function SendToPage(props: { session: ConsoleEngagement; state: ConsoleState; enabled: boolean }) {
  const [url, setUrl] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [sentId, setSentId] = createSignal<string | null>(null);
  const last = () => {
    const nav = lastNavigation(props.state);
    return nav && nav.id === sentId() ? nav : null;
  };
  const submit = () => {
    const why = props.session.navigate(url());
    setProblem(why);
    setSentId(why ? null : (lastNavigation(props.session.state())?.id ?? null));
  };

  return (
    <form
      class="send-to-page"
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
          type="url"
          placeholder="https://… a page of the shop"
          value={url()}
          disabled={!props.enabled}
          onInput={(e) => {
            setUrl(e.currentTarget.value);
            setProblem(null);
          }}
        />
        <button type="submit" data-testid="nav-send" disabled={!props.enabled || url().trim() === ''}>
          Send to page
        </button>
      </div>
      <Show when={problem() ?? (last() ? answerText(last()!.answer) : null)}>
        {(text) => (
          <p class="nav-answer small" classList={{ warn: problem() !== null || !['yes', 'waiting'].includes(last()?.answer ?? 'yes') }} data-testid="nav-answer" data-answer={problem() ? 'invalid' : (last()?.answer ?? '')} role="status">
            {text()}
          </p>
        )}
      </Show>
    </form>
  );
}
