import { createSignal, For, Show } from '#imports';
import type { RankedMaterial } from '../../../shared/sales';
import { linkUrl } from '../../../shared/page';
import { markdownNodes, markdownText } from './markdown.core';
import { materialCard, materialRecord } from './sales.core';
import type { SalesDesk } from './sales';
import { type CardSender, useDesk } from './SalesPanel';
import { PanelState } from './PanelState';
import { TextButton, type TextSender } from './PhonePanel';
import { textable } from './phone.core';

/**
 * What to use in this situation (GET …/practices), in rank order: materials (documents, links)
 * to open or send into the chat, techniques to read, copy as text or mark as used in one click.
 * Every action is recorded (POST …/usage). Read again when the backend says the ranking changed.
 */
export function MaterialsPanel(props: { desk: SalesDesk; cards: CardSender; copy?: (text: string) => Promise<void>; texts?: TextSender }) {
  const version = useDesk(props.desk);
  const load = () => (version(), props.desk.practices());
  const view = () => load().data;
  const copy = props.copy ?? ((text: string) => navigator.clipboard.writeText(text));
  const used = (id: string, action: 'opened' | 'copied' | 'sent' | 'marked') => (version(), props.desk.used(id, action));

  return (
    <section class="live-card live-materials" aria-label="Materials and techniques" data-testid="materials" data-state={load().status}>
      <PanelState title="Materials" load={load()} retry={() => void props.desk.refreshPractices()} testId="materials" />
      <Show when={(version(), props.desk.usageError())}>{(e) => <p class="small warn">{e()}</p>}</Show>
      <Show when={view()}>
        {(v) => (
          <>
            <Show when={v().materials.length === 0 && v().techniques.length === 0}>
              <p class="muted small" data-testid="materials-empty">
                No materials or techniques for this situation yet.
              </p>
            </Show>
            <Show when={v().materials.length > 0}>
              <ol class="materials" data-testid="materials-list">
                <For each={v().materials}>
                  {(m) => <MaterialItem material={m} desk={props.desk} cards={props.cards} used={used} texts={props.texts} />}
                </For>
              </ol>
            </Show>
            <Show when={v().techniques.length > 0}>
              <h3>Techniques</h3>
              <ol class="materials techniques" data-testid="techniques-list">
                <For each={v().techniques}>
                  {(t) => <TechniqueItem technique={t} desk={props.desk} copy={copy} used={used} />}
                </For>
              </ol>
            </Show>
            <Show when={v().usedByTopAssociates.length > 0}>
              <p class="small muted" data-testid="materials-top">
                Used most by the best associates here: {v().usedByTopAssociates.map((u) => u.title).join(', ')}
              </p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

type Used = (id: string, action: 'opened' | 'copied' | 'sent' | 'marked') => boolean;

function MaterialItem(props: { material: RankedMaterial; desk: SalesDesk; cards: CardSender; used: Used; texts?: TextSender }) {
  const href = () => linkUrl(props.material.url);
  const card = () => materialCard(props.material);
  const why = () => (card() ? props.cards.disabled() : 'This material has no address to send.');
  return (
    <li class="material" data-testid="material" data-kind={props.material.kind} data-id={props.material.id}>
      <div class="item-text">
        <strong>{props.material.title}</strong>
        <span class="muted small">
          {props.material.kind === 'document' ? 'Document' : 'Link'} · {materialRecord(props.material)}
        </span>
      </div>
      <div class="material-actions">
        <Show when={href()}>
          {(url) => (
            <a class="button small-button" href={url()} target="_blank" rel="noopener noreferrer" data-testid="material-open" aria-label={`Open ${props.material.title}`} onClick={() => void props.desk.use(props.material.id, 'opened')}>
              Open
            </a>
          )}
        </Show>
        <button
          class="small-button"
          data-testid="material-send"
          aria-label={`Send ${props.material.title} to the chat`}
          disabled={why() !== null}
          title={why() ?? undefined}
          onClick={() => {
            const c = card();
            if (c && props.cards.send({ kind: 'material', card: c })) void props.desk.use(props.material.id, 'sent');
          }}
        >
          {props.used(props.material.id, 'sent') ? 'Sent ✓' : 'Send'}
        </button>
        <TextButton texts={props.texts} item={textable({ kind: 'material', card: card() })} name={props.material.title} testId="material-text" onSent={() => void props.desk.use(props.material.id, 'sent')} />
      </div>
    </li>
  );
}

function TechniqueItem(props: { technique: RankedMaterial; desk: SalesDesk; copy: (text: string) => Promise<void>; used: Used }) {
  const [copyNote, setCopyNote] = createSignal<string | null>(null);
  const marked = () => props.used(props.technique.id, 'marked');
  let opened = false;
  const script = () => props.technique.markdown ?? '';
  return (
    <li class="material technique" data-testid="technique" data-id={props.technique.id} data-marked={String(marked())}>
      <details
        onToggle={(e) => {
          if (e.currentTarget.open && !opened) {
            opened = true;
            void props.desk.use(props.technique.id, 'opened');
          }
        }}
      >
        <summary>
          <strong>{props.technique.title}</strong> <span class="muted small">· {materialRecord(props.technique)}</span>
        </summary>
        <div class="script" data-testid="technique-script">
          {markdownNodes(document, script())}
        </div>
      </details>
      <div class="material-actions">
        <button
          class="small-button"
          data-testid="technique-copy"
          aria-label={`Copy ${props.technique.title} as text`}
          disabled={!script()}
          onClick={() => {
            props.copy(markdownText(script())).then(
              () => {
                setCopyNote('Copied');
                void props.desk.use(props.technique.id, 'copied');
              },
              () => setCopyNote('Could not copy: the browser refused the clipboard.'),
            );
          }}
        >
          Copy
        </button>
        <button
          class="small-button"
          classList={{ primary: marked() }}
          data-testid="technique-mark"
          aria-pressed={marked()}
          aria-label={`Mark ${props.technique.title} as used`}
          onClick={() => {
            // One mark per technique and console: a second click changes nothing.
            if (!marked()) void props.desk.use(props.technique.id, 'marked');
          }}
        >
          {marked() ? 'Used ✓' : 'Mark used'}
        </button>
        <Show when={copyNote()}>
          {(note) => (
            <span class="small muted" role="status">
              {note()}
            </span>
          )}
        </Show>
      </div>
    </li>
  );
}
