import { createSignal, For, onCleanup, onMount, Show } from '#imports';
import type { LiveReplay } from '../cobrowse/types';
import { answerText } from '../live-link/consents.core';
import { AskButton } from './ConsentBar';
import { type ConsoleState, isOn, refusalText, unavailable } from './console.core';
import type { ConsoleEngagement } from './engagement';
import { SendToPage } from './SendToPage';

export type ReplayFactory = (container: HTMLElement) => LiveReplay;
type Tool = 'none' | 'pointer' | 'highlight' | 'scroll';

/**
 * The shopper's tab, live: the page's address and title, the guidance tools (with the guide
 * consent), and the replay. Tools work on a transparent layer over the replay (the replay's
 * frame would swallow the mouse), in the replay's coordinates.
 */
export function LiveView(props: { engagement: ConsoleEngagement; state: ConsoleState; createReplay: ReplayFactory }) {
  let container!: HTMLDivElement;
  let replay: LiveReplay | null = null;
  const [title, setTitle] = createSignal('');
  const [tool, setTool] = createSignal<Tool>('none');
  const [note, setNote] = createSignal<string | null>(null);

  onMount(() => {
    replay = props.createReplay(container);
    const off = props.engagement.onDom((events) => {
      replay?.add(events);
      setSeen(true);
      setTitle(replay?.title() ?? '');
    });
    onCleanup(() => {
      off();
      replay?.destroy();
      replay = null;
    });
  });

  const closed = () => props.state.link === 'closed';
  // After the end the last frame stays, marked ended, when the associate saw the tab.
  const [seen, setSeen] = createSignal(false);
  const viewing = () => isOn(props.state, 'view');
  const guideBlocked = () => unavailable(props.state, 'guide');
  const guiding = () => guideBlocked() === null;
  const active = () => (guiding() ? tool() : 'none');
  const choose = (t: Tool) => {
    if (tool() === 'pointer' && t !== 'pointer') props.engagement.hidePointer();
    setTool(tool() === t ? 'none' : t);
    setNote(null);
  };
  const at = (e: MouseEvent) => {
    const r = container.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onMove = (e: MouseEvent) => {
    if (active() !== 'pointer' || !replay) return;
    const p = at(e);
    const shopper = replay.toShopperViewport(p.x, p.y);
    if (shopper) props.engagement.pointer(shopper);
  };
  const onLeave = () => {
    if (active() === 'pointer') props.engagement.hidePointer();
  };
  const onClick = (e: MouseEvent) => {
    const t = active();
    if ((t !== 'highlight' && t !== 'scroll') || !replay) return;
    const p = at(e);
    const nodeId = replay.nodeIdAt(p.x, p.y);
    if (nodeId === null) return setNote('Nothing there to point at: click on an element of the page.');
    setNote(null);
    if (t === 'highlight') props.engagement.highlight(nodeId);
    else props.engagement.scrollTo(nodeId);
  };

  return (
    <section class="live-view" aria-label="The shopper's tab">
      <div class="page-bar" data-testid="shopper-page" data-left={String(props.state.shopperLeft)}>
        <Show when={props.state.shopperLeft}>
          <strong class="small" role="status" data-testid="shopper-left">
            The shopper left the shop: viewing and guidance are paused until they come back.
          </strong>
        </Show>
        <Show when={!props.state.shopperLeft && props.state.page} fallback={<span class="muted small">The shopper’s page shows here once they let you see the tab.</span>}>
          {(page) => (
            <>
              <strong class="page-title" data-testid="page-title">{page().title || 'Untitled page'}</strong>
              <span class="page-url small" data-testid="page-url" title={page().url}>
                {page().url}
              </span>
            </>
          )}
        </Show>
      </div>

      <div class="tools" role="toolbar" aria-label="Guidance">
        <span class="small muted">Guide:</span>
        <button class="tool" data-testid="tool-pointer" aria-pressed={active() === 'pointer'} disabled={!guiding()} title={guideBlocked() ?? undefined} onClick={() => choose('pointer')}>
          Pointer
        </button>
        <button class="tool" data-testid="tool-highlight" aria-pressed={active() === 'highlight'} disabled={!guiding()} title={guideBlocked() ?? undefined} onClick={() => choose('highlight')}>
          Highlight
        </button>
        <button class="tool" data-testid="tool-clear-highlight" disabled={!guiding()} title={guideBlocked() ?? undefined} onClick={() => props.engagement.highlight(null)}>
          Clear highlight
        </button>
        <button class="tool" data-testid="tool-scroll" aria-pressed={active() === 'scroll'} disabled={!guiding()} title={guideBlocked() ?? undefined} onClick={() => choose('scroll')}>
          Scroll to
        </button>
        <Show when={!isOn(props.state, 'guide') && !closed()}>
          <AskButton engagement={props.engagement} state={props.state} scope="guide" label="Ask to guide" />
        </Show>
        <Show when={guideBlocked()}>
          {(why) => (
            <span class="small muted" data-testid="guide-why">
              {why()}
            </span>
          )}
        </Show>
      </div>
      <SendToPage engagement={props.engagement} state={props.state} blocked={guideBlocked()} />
      <Show when={note()}>{(text) => <p class="tool-note small">{text()}</p>}</Show>
      <For each={props.state.refusals.slice(-1)}>{(r) => <p class="tool-note warn small" data-testid="guidance-refused">{refusalText(r)}</p>}</For>

      <div class="replay-frame" classList={{ hidden: !viewing() && !(closed() && seen()), ended: closed() }} data-testid="replay-frame">
        <div class="replay-container" data-testid="replay-container" ref={container} />
        <div
          class="tool-layer"
          classList={{ on: viewing() && active() !== 'none' }}
          data-tool={active()}
          onMouseMove={onMove}
          onMouseLeave={onLeave}
          onClick={onClick}
        />
        <Show when={closed()}>
          <div class="replay-ended" data-testid="replay-ended" role="status">
            <p>Engagement ended</p>
            <p class="small muted">{seen() ? 'This is the last you saw of the shopper’s tab.' : 'You did not see the shopper’s tab in this engagement.'}</p>
          </div>
        </Show>
        <Show when={!viewing() && !closed()}>
          <div class="replay-placeholder" data-testid="replay-placeholder">
            <p>You do not see the shopper’s tab.</p>
            <p class="small muted" data-testid="view-why">
              {props.state.consents.view.state === 'asking'
                ? 'Asked: the shopper sees your request and decides.'
                : (answerText(props.state.consents.view.last) ?? 'They decide: they see your request and can stop sharing at any moment.')}
            </p>
            <div class="actions">
              <AskButton engagement={props.engagement} state={props.state} scope="view" label="Ask to see the tab" primary />
            </div>
          </div>
        </Show>
      </div>
      <span class="replay-title" data-testid="replay-title" hidden>
        {title()}
      </span>
    </section>
  );
}
