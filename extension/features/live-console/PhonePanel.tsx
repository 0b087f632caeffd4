import { createEffect, createSignal, For, on, onCleanup, Show } from '#imports';
import type { Accessor } from 'solid-js';
import { type PhonePurpose, TEXT_BODY_MAX_CHARS } from '../../../shared/telephony';
import type { ConsoleState } from './console.core';
import type { ConsoleEngagement } from './engagement';
import { askAnswerText, callButton, callStatus, cannotAskPhone, currentCall, shopperPhoneText, smsCountText, smsText, type Textable, textButton, textStatus } from './phone.core';
import type { PhoneDesk } from './phone';
import { PanelState } from './PanelState';
import { bothLoads } from './sales';

/** The phone desk's state as a Solid signal that follows every change. */
export function usePhone(desk: PhoneDesk): Accessor<number> {
  const [version, setVersion] = createSignal(0);
  onCleanup(desk.subscribe(() => setVersion((v) => v + 1)));
  return version;
}

/** What the sales and materials panels need to text a product or a material to the shopper. */
export interface TextSender {
  /** Whether "Text to shopper" shows, and why it cannot be used now (null: it can). */
  state(): { show: boolean; disabled: string | null };
  send(key: string, body: string): Promise<boolean>;
  sent(key: string): boolean;
  sending(key: string): boolean;
}

/**
 * The telephone: whether the shopper gave a number (masked) and for what; asking for one (a call
 * or texts, over the data channel); "Call the shopper" (the backend rings the associate's phone,
 * then the shopper's) and the call as it goes, with "Hang up"; the texts sent and their delivery.
 */
export function PhonePanel(props: { desk: PhoneDesk; engagement: ConsoleEngagement; state: ConsoleState; associatePhone: string | null; now: () => number }) {
  const version = usePhone(props.desk);
  const shopper = () => (version(), props.desk.shopperPhone());
  const calls = () => (version(), props.desk.calls());
  const texts = () => (version(), props.desk.texts());
  const load = () => bothLoads(shopper(), calls());
  const call = () => currentCall(calls().data ?? []);
  const ended = () => props.state.link === 'closed';
  const button = () =>
    callButton({ ended: ended(), associatePhone: props.associatePhone, shopperPhone: shopper().data, calls: calls().data ?? [], placing: (version(), props.desk.placing()) });
  const lastAsk = () => props.state.phoneAsks.at(-1) ?? null;
  const sender = textSender(props.desk, version, ended);

  // The shopper answered yes: their number is read again (the backend's push says it too).
  createEffect(
    on(
      () => props.state.phoneAsks.filter((a) => a.answer === 'given').length,
      (given, before) => {
        if (before !== undefined && given > before) void props.desk.refreshShopperPhone();
      },
    ),
  );

  // "Connected 1:23" counts while a call is on.
  const [tick, setTick] = createSignal(props.now());
  createEffect(() => {
    if (call()?.state !== 'connected') return;
    const timer = setInterval(() => setTick(props.now()), 1_000);
    onCleanup(() => clearInterval(timer));
  });
  const status = () => {
    const c = call();
    return c ? callStatus(c, Math.max(tick(), props.now())) : null;
  };

  return (
    <section class="live-card live-phone" aria-label="Phone" data-testid="phone" data-state={call()?.state ?? 'idle'}>
      <PanelState
        title="Phone"
        load={load()}
        testId="phone"
        retry={() => {
          void props.desk.refreshShopperPhone();
          void props.desk.refreshCalls();
        }}
      />
      <p class="small phone-number" data-testid="phone-shopper" data-given={String(shopper().data?.given ?? false)} data-purposes={(shopper().data?.purposes ?? []).join(' ')}>
        {shopperPhoneText(shopper().data)}
      </p>
      <div class="actions phone-asks">
        <AskButton purpose="call" label="Propose a call" testId="phone-ask-call" {...props} shopper={shopper().data} />
        <AskButton purpose="text" label="Ask for a number for texts" testId="phone-ask-text" {...props} shopper={shopper().data} />
      </div>
      <Show when={askAnswerText(lastAsk())}>
        {(said) => (
          <p class="small phone-ask-answer" classList={{ muted: lastAsk()?.answer === 'asking', warn: lastAsk()?.answer === 'refused' || lastAsk()?.answer === 'lapsed' }} data-testid="phone-ask-answer" data-answer={lastAsk()?.answer} role="status">
            {said()}
          </p>
        )}
      </Show>
      <Show when={call()}>
        {(c) => (
          <div class="phone-call" data-testid="phone-call" data-state={c().state} data-outcome={c().outcome ?? ''} data-tone={status()?.tone}>
            <span class="phone-call-status" data-testid="phone-call-status" role="status">
              {status()?.text}
            </span>
            <Show when={c().state !== 'ended'}>
              <button class="danger small-button" data-testid="phone-hang-up" disabled={(version(), props.desk.hanging())} onClick={() => void props.desk.hangUp(c().callId)}>
                Hang up
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={button().show}>
        <div class="phone-start">
          <button class="primary" data-testid="phone-call-start" disabled={button().disabled !== null} title={button().disabled ?? undefined} onClick={() => void props.desk.startCall()}>
            {call() ? 'Call the shopper again' : 'Call the shopper'}
          </button>
          <Show when={button().disabled}>
            {(why) => (
              <span class="small muted" data-testid="phone-call-why">
                {why()}
              </span>
            )}
          </Show>
        </div>
      </Show>
      <Show when={(version(), props.desk.callError())}>
        {(error) => (
          <p class="alert small" role="alert" data-testid="phone-call-error">
            {error()}
          </p>
        )}
      </Show>
      <Texts desk={props.desk} version={version} texts={texts()} />
      <TextComposer sender={sender} />
    </section>
  );
}

function AskButton(props: { purpose: PhonePurpose; label: string; testId: string; engagement: ConsoleEngagement; state: ConsoleState; shopper: ReturnType<PhoneDesk['shopperPhone']>['data'] }) {
  const why = () => cannotAskPhone({ link: props.state.link, asks: props.state.phoneAsks, shopperPhone: props.shopper }, props.purpose);
  return (
    <button class="small-button" data-testid={props.testId} disabled={why() !== null} title={why() ?? undefined} onClick={() => props.engagement.askPhone(props.purpose)}>
      {props.label}
    </button>
  );
}

/** The texts of the engagement: what was sent and how its delivery went, the shopper's replies, an opt-out. */
function Texts(props: { desk: PhoneDesk; version: Accessor<number>; texts: ReturnType<PhoneDesk['texts']> }) {
  const list = () => props.texts.data?.texts ?? [];
  return (
    <div class="phone-texts" data-testid="phone-texts" data-state={props.texts.status}>
      <Show when={list().length > 0 || props.texts.data?.optedOut || props.texts.error}>
        <h3>Texts</h3>
      </Show>
      <Show when={props.texts.error}>
        {(error) => (
          <div class="alert small" role="alert" data-testid="phone-texts-error">
            <p>{error()}</p>
            <button class="small-button" data-testid="phone-texts-retry" onClick={() => void props.desk.refreshTexts()}>
              Try again
            </button>
          </div>
        )}
      </Show>
      <Show when={props.texts.data?.optedOut}>
        <p class="small warn" data-testid="phone-opted-out">
          The shopper replied STOP: texts to this number are blocked.
        </p>
      </Show>
      <Show when={list().length > 0}>
        <ol class="text-list">
          <For each={list()}>
            {(t) => (
              <li class="text-item" data-testid="phone-text" data-direction={t.direction} data-status={t.status} classList={{ reply: t.direction === 'in' }}>
                <span class="text-body">{t.body ?? 'Its words are no longer kept.'}</span>
                <span class="small" classList={{ warn: textStatus(t).problem, muted: !textStatus(t).problem }} data-testid="phone-text-status">
                  {textStatus(t).text}
                </span>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={(props.version(), props.desk.textError())}>
        {(error) => (
          <p class="alert small" role="alert" data-testid="phone-text-error">
            {error()}
          </p>
        )}
      </Show>
    </div>
  );
}

/**
 * A text in the associate's own words to the number the shopper gave for texts (an answer to
 * their reply, a follow-up), with its length as the shopper's phone gets it (characters and SMS
 * parts). Shown once the shopper gave a number for texts; closed, with why, after the end or a
 * STOP. Ctrl+Enter (⌘+Enter) sends; the box empties once the backend took the text.
 */
function TextComposer(props: { sender: TextSender }) {
  const [body, setBody] = createSignal('');
  const [sent, setSent] = createSignal(0);
  const key = () => `message:${sent()}`;
  const state = () => props.sender.state();
  const words = () => body().trim();
  const sending = () => props.sender.sending(key());
  const send = () => {
    const b = words();
    if (!b || state().disabled !== null || sending()) return;
    void props.sender.send(key(), b).then((ok) => {
      if (!ok) return;
      setBody('');
      setSent((n) => n + 1);
    });
  };
  return (
    <Show when={state().show}>
      <form
        class="text-composer"
        data-testid="phone-text-compose"
        aria-label="Text the shopper"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <label class="small" for="phone-text-body">
          Text the shopper
        </label>
        <textarea
          id="phone-text-body"
          rows={2}
          maxLength={TEXT_BODY_MAX_CHARS}
          placeholder="Write a text message…"
          value={body()}
          disabled={state().disabled !== null}
          aria-describedby="phone-text-count"
          data-testid="phone-text-body"
          onInput={(event) => setBody(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              send();
            }
          }}
        />
        <div class="text-composer-row">
          <span id="phone-text-count" class="small muted" data-testid="phone-text-count">
            {state().disabled ?? smsCountText(words())}
          </span>
          <button class="small-button primary" type="submit" data-testid="phone-text-send" disabled={state().disabled !== null || words() === '' || sending()}>
            {sending() ? 'Sending…' : 'Send text'}
          </button>
        </div>
      </form>
    </Show>
  );
}

/** "Text to shopper" for a product or a material: the plain text (name, price, link) to the number the shopper gave for texts. */
export function TextButton(props: { texts: TextSender | undefined; item: Textable | null; name: string; testId: string; onSent?: () => void }) {
  const body = () => (props.item ? smsText(props.item) : null);
  const key = () => (props.item ? `${props.item.kind}:${props.item.url}` : '');
  const state = () => props.texts?.state() ?? { show: false, disabled: null };
  const why = () => (body() ? state().disabled : 'This has no link that fits in a text message.');
  return (
    <Show when={props.texts && state().show && props.item}>
      <button
        class="small-button"
        data-testid={props.testId}
        aria-label={`Text ${props.name} to the shopper`}
        disabled={why() !== null || props.texts!.sending(key())}
        title={why() ?? body() ?? undefined}
        onClick={() => {
          const b = body();
          if (b) void props.texts!.send(key(), b).then((sent) => sent && props.onSent?.());
        }}
      >
        {props.texts!.sending(key()) ? 'Texting…' : props.texts!.sent(key()) ? 'Texted ✓' : 'Text to shopper'}
      </button>
    </Show>
  );
}

/** The "Text to shopper" buttons' view of the desk: shown once the shopper gave a number for texts, disabled (with why) after the end or a STOP. */
export function textSender(desk: PhoneDesk, version: Accessor<number>, ended: () => boolean): TextSender {
  return {
    state: () => (version(), textButton({ ended: ended(), shopperPhone: desk.shopperPhone().data, optedOut: desk.texts().data?.optedOut ?? false })),
    send: (key, body) => desk.sendText(key, body),
    sent: (key) => (version(), desk.texted(key)),
    sending: (key) => (version(), desk.sending(key)),
  };
}
