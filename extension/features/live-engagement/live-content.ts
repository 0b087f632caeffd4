import { browser, type ContentScriptContext, storage } from '#imports';
import { LIVE_VERSION, type ConsentScope, type RecordedEvent } from '../../../shared/live';
import { DialIn } from '../../../shared/telephony';
import { logOnce } from '../../lib/log';
import { type PageUrlRules, shareableUrl } from '../../lib/page-url.core';
import { createGuide, type GuideOptions } from '../cobrowse/guide';
import { startRecording } from '../cobrowse/record';
import type { Guide, Recording, RecordingOptions } from '../cobrowse/types';
import type { ParticipatingSite } from '../../../shared/sites';
import { allowedUrl } from './allowed-url.core';
import { productCardLink } from './card-link.core';
import { mountLiveDock, type DockActions, type LiveDock } from './dock/dock';
import type { PhoneMemory } from './dock/phone';
import { connectLiveStream, type LiveStream } from './live-stream';
import { LIVE_HOST_TARGET, LIVE_STREAM_PORT, LiveTabMessage, LiveView, type DialInReply, type LiveHostRequest, type LiveStreamMessage, type PhoneReply } from './messages';

/** How often the tab looks for a single-page-app navigation (history changes are invisible from the isolated world). */
export const PAGE_POLL_MS = 250;
/** Most recorded events in one live:dom message (the contract's cap). */
const EVENTS_PER_MESSAGE = 2_000;

type GuideCommand = Extract<LiveTabMessage, { type: 'live:guide' }>['command'];

export interface LiveContentDeps {
  doc?: Document;
  now?: () => number;
  /** Sends a request to the host and resolves with its answer (undefined when nobody answered). */
  request?: (message: LiveHostRequest) => Promise<unknown>;
  /** Streams the recording (and the page it shows) to the host, unanswered (default: the live-stream port). */
  stream?: LiveStream;
  startRecording?: (options: RecordingOptions) => Recording;
  /** The guide over a recording (its node ids are the recording's). */
  createGuide?: (options: GuideOptions) => Guide;
  /** Takes the tab to an allowed URL. */
  navigate?: (url: URL) => void;
  /** The page as it is now. */
  page?: () => { url: string; title: string };
  /** This site's own mask selectors (its adapter's `mask`), masked besides the view's. */
  siteMask?: readonly string[];
  /** This site's adapter's rules for page URLs (`url`): which parameters go or pass. */
  siteUrlRules?: PageUrlRules;
  /** This site's adapter's search box selector. */
  siteSearchSelector?: string;
  /** This participating site's name, for "you left …" once the shopper is elsewhere. */
  siteName?: string;
  /** This site's enterprise and the cached site list: a product card opens only on that enterprise's sites. */
  siteEnterpriseId?: string;
  sites?: readonly ParticipatingSite[];
  /** The backend's origin, where materials sent into the chat are served. */
  backendOrigin?: string;
  /** Where a number the shopper asked to remember is kept (default: rememberedPhoneItem). */
  phoneMemory?: PhoneMemory;
}

/**
 * The engagement whose sharing banner the shopper shrank to its chip: the next page of that
 * engagement shows the chip too (local, since content scripts cannot read session storage).
 */
export const bannerChipItem = storage.defineItem<{ engagementId: string } | null>('local:liveBannerChip', { fallback: null });

/**
 * The number the shopper asked the dock to remember on this browser (E.164), to fill the phone
 * form next time: in the extension's local storage only, never sent anywhere by being kept.
 */
export const rememberedPhoneItem = storage.defineItem<string | null>('local:livePhoneNumber', { fallback: null });
const phoneMemory: PhoneMemory = {
  load: () => rememberedPhoneItem.getValue(),
  save: (phone) => rememberedPhoneItem.setValue(phone),
  forget: () => rememberedPhoneItem.removeValue(),
};
/** rrweb's Meta event: it names the recorded page's address (`data.href`). */
const META_EVENT = 4;

/**
 * The live engagement in a shop's tab (shopper mode, on participating pages): asks the host
 * whether an engagement is live, then shows the host's view of it (the dock, the sharing
 * banner, the associate's questions), records the page while the shopper lets the associate
 * see it, applies the associate's guidance while the shopper lets them guide, and takes the
 * tab where the shopper agreed to go. Everything stops with the content script's context.
 */
export function runLiveContent(ctx: ContentScriptContext, deps: LiveContentDeps = {}): void {
  const doc = deps.doc ?? document;
  const now = deps.now ?? Date.now;
  const request = deps.request ?? ((message: LiveHostRequest) => browser.runtime.sendMessage({ target: LIVE_HOST_TARGET, ...message }));
  const stream = deps.stream ?? connectLiveStream(() => browser.runtime.connect({ name: LIVE_STREAM_PORT }));
  const record = deps.startRecording ?? startRecording;
  const makeGuide = deps.createGuide ?? createGuide;
  const navigate = deps.navigate ?? ((url: URL) => location.assign(url.href));
  const page = deps.page ?? (() => ({ url: location.href, title: doc.title }));

  let view: LiveView | null = null;
  let dock: LiveDock | null = null;
  let recording: Recording | null = null;
  let guide: Guide | null = null;
  let ticker: number | null = null;
  let pageWatch: number | null = null;
  let lastPage: string | null = null;
  /** The engagement this page told where it is (its attach); a view of another makes it tell again. */
  let attachedTo: string | null = null;
  // Read once per page, before the first view comes in (both ask the background; this is local).
  const chipFor = bannerChipItem.getValue().then(
    (kept) => kept?.engagementId ?? null,
    () => null,
  );

  function send(message: LiveHostRequest): Promise<unknown> {
    if (ctx.isInvalid) return Promise.resolve(undefined);
    return request(message);
  }
  const fire = (message: LiveHostRequest) => void send(message).catch((error: unknown) => logOnce('live', error));
  const streamed = (message: LiveStreamMessage) => {
    if (!ctx.isInvalid) stream.send(message);
  };
  /** A phone request, answered by the host once the backend took it (or why not); no answer: the conversation is gone. */
  const phoneRequest = async (message: LiveHostRequest): Promise<PhoneReply> => {
    const reply = (await send(message)) as { ok?: unknown; message?: unknown } | undefined;
    if (reply?.ok === true) return { ok: true };
    return { ok: false, message: typeof reply?.message === 'string' ? reply.message : 'The conversation is no longer live.' };
  };
  const actions: DockActions = {
    send: (text) => send({ type: 'live:chat-send', text }),
    typing: (typing) => fire({ type: 'live:typing', typing }),
    answer: (askId, yes) => fire({ type: 'live:answer', askId, yes }),
    revoke: (scope) => revoke(scope),
    voice: (action) => fire({ type: 'live:voice', action }),
    end: () => {
      // Sharing stops here at once; the host's answer closes the rest.
      stopSharing();
      fire({ type: 'live:end' });
    },
    dismiss: () => teardown(),
    openCard: (url) => openCard(url),
    givePhone: ({ phone, purposes, callNow }) => phoneRequest({ type: 'live:phone-give', phone, purposes, consent: true, callNow }),
    removePhone: () => phoneRequest({ type: 'live:phone-remove' }),
    hangUp: (callId) => phoneRequest({ type: 'live:call-hangup', callId }),
    callAgain: () => phoneRequest({ type: 'live:call-again' }),
    dialIn: async (): Promise<DialInReply> => {
      const reply = (await send({ type: 'live:dial-in' })) as { ok?: unknown; dialIn?: unknown; message?: unknown } | undefined;
      const dialIn = DialIn.safeParse(reply?.dialIn);
      if (reply?.ok === true && dialIn.success) return { ok: true, dialIn: dialIn.data };
      return { ok: false, message: typeof reply?.message === 'string' ? reply.message : 'The conversation is no longer live.' };
    },
  };

  /** A product card's page, in this tab: only where the card may go (checked again here, as a navigation is). */
  function openCard(url: string): void {
    if (!view) return;
    const link = productCardLink(url, cardRules());
    if (link.open) navigate(link.open);
  }
  const cardRules = () => ({
    allowedDomains: view?.allowedDomains ?? [],
    shopName: view?.shopName ?? null,
    enterpriseId: deps.siteEnterpriseId ?? null,
    sites: deps.sites ? [...deps.sites] : null,
    backendOrigin: deps.backendOrigin ?? null,
  });

  function revoke(scope: ConsentScope): void {
    // Stopped in this tab now, not when the host's next view says so.
    if (view) apply({ ...view, consents: { ...view.consents, [scope]: false } });
    fire({ type: 'live:revoke', scope });
  }

  /** The associate sees page addresses without their secret-looking parameters (a reset link's token). */
  const shareable = (url: string) => shareableUrl(url, deps.siteUrlRules);

  function sendPage(force: boolean): void {
    const here = page();
    // Polled four times a second while shared: the address is cleaned only when it changed.
    const key = `${here.url}\n${here.title}`;
    if (!force && key === lastPage) return;
    lastPage = key;
    const url = shareable(here.url);
    const { title } = here;
    streamed({ type: 'live:page', url: url.slice(0, 2048), title: title.slice(0, 500) });
  }

  function sendEvents(recorded: RecordedEvent[]): void {
    const events = recorded.map((event) => {
      const data = event.data as { href?: unknown } | null;
      return event.type === META_EVENT && typeof data?.href === 'string' ? { ...event, data: { ...data, href: shareable(data.href) } } : event;
    });
    for (let i = 0; i < events.length; i += EVENTS_PER_MESSAGE) streamed({ type: 'live:dom', events: events.slice(i, i + EVENTS_PER_MESSAGE) });
  }

  function syncRecording(on: boolean, maskSelectors: readonly string[]): void {
    if (on && !recording) {
      sendPage(true); // the page first: the associate's viewer names what the snapshot shows
      try {
        const selectors = [...new Set([...maskSelectors, ...(deps.siteMask ?? [])])];
        recording = record({ selectors, searchSelector: deps.siteSearchSelector, send: sendEvents });
      } catch (error) {
        logOnce('live', error);
      }
    } else if (!on && recording) {
      guide?.clear();
      guide = null;
      recording.stop();
      recording = null;
    }
  }

  function syncGuide(on: boolean): void {
    if (on || !guide) return;
    guide.clear();
    guide = null;
  }

  function syncPageWatch(on: boolean): void {
    if (on && pageWatch === null) {
      sendPage(false);
      pageWatch = ctx.setInterval(() => sendPage(false), PAGE_POLL_MS);
    } else if (!on && pageWatch !== null) {
      clearInterval(pageWatch);
      pageWatch = null;
      lastPage = null;
    }
  }

  function stopSharing(): void {
    syncGuide(false);
    syncRecording(false, []);
    syncPageWatch(false);
  }

  function apply(next: LiveView): void {
    if (ctx.isInvalid) return;
    view = next;
    // An engagement that began after this page attached (the shopper said yes here) learns where the tab is, and its shop's name.
    if (attachedTo !== next.engagementId && next.link !== 'closed') {
      attachedTo = next.engagementId;
      void send(attachRequest()).catch(() => undefined);
    }
    if (!dock) {
      const { engagementId } = next;
      dock = mountLiveDock(doc, actions, {
        now,
        timers: { setTimeout: (run, ms) => ctx.setTimeout(run, ms), clearTimeout: (id) => clearTimeout(id) },
        cardRules,
        phoneMemory: deps.phoneMemory ?? phoneMemory,
        banner: { onChip: (chip) => void bannerChipItem.setValue(chip ? { engagementId } : null).catch((error: unknown) => logOnce('live', error)) },
      });
      const mounted = dock;
      void chipFor.then((kept) => {
        if (kept === engagementId && dock === mounted) mounted.setBannerChip(true);
      });
    }
    dock.render(next);
    ticker ??= ctx.setInterval(() => dock?.tick(), 1_000);
    // Off the enterprise's sites (another shop) nothing is recorded or guided; the consents stay for the way back.
    const sharing = next.link !== 'closed' && !next.away;
    syncRecording(sharing && next.consents.view, next.maskSelectors);
    syncGuide(sharing && next.consents.guide);
    syncPageWatch(sharing && (next.consents.view || next.consents.guide));
  }

  function applyGuidance(command: GuideCommand): void {
    if (!view?.consents.guide || !recording) {
      // Guidance names elements of the recording: without both consents there is nothing to act on.
      if (command.type !== 'pointer') fire({ type: 'live:guidance-refused', command: command.type, reason: 'no_consent' });
      return;
    }
    try {
      guide ??= makeGuide({ recording, root: doc, mayGuide: () => Boolean(view?.consents.guide), label: view.associateName });
      const refusal = guide.apply({ v: LIVE_VERSION, ...command });
      if (refusal) fire({ type: 'live:guidance-refused', command: refusal.command, reason: refusal.reason });
    } catch (error) {
      logOnce('live', error);
    }
  }

  function goTo(url: string): void {
    const target = view ? allowedUrl(url, view.allowedDomains) : null;
    if (!target) return fire({ type: 'live:guidance-refused', command: 'navigate', reason: 'not_allowed' });
    navigate(target);
  }

  function teardown(): void {
    stopSharing();
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
    dock?.remove();
    dock = null;
    view = null;
  }

  function handle(message: LiveTabMessage): void {
    switch (message.type) {
      case 'live:view':
        return apply(message.view);
      case 'live:snapshot':
        return recording?.takeSnapshot();
      case 'live:guide':
        return applyGuidance(message.command);
      case 'live:navigate':
        return goTo(message.url);
      case 'live:ended':
        return teardown();
    }
  }

  // Answered at once: the background learns that this tab got it.
  const listener = (raw: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const parsed = LiveTabMessage.safeParse(raw);
    if (!parsed.success) return false;
    if (!ctx.isInvalid) handle(parsed.data);
    sendResponse({ ok: true });
    return false;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(listener);
    teardown();
    stream.close();
  });

  // A new page (or a navigated one) asks whether an engagement is live; no answer: nothing is.
  function attachRequest(): LiveHostRequest {
    const here = page();
    return { type: 'live:attach', url: here.url.slice(0, 2048), title: here.title.slice(0, 500), ...(deps.siteName ? { siteName: deps.siteName.slice(0, 500) } : {}) };
  }
  send(attachRequest()).then(
    (answer) => {
      const parsed = LiveView.safeParse(answer);
      // A view pushed meanwhile is at least as new as this answer.
      if (parsed.success && parsed.data.link !== 'closed' && !view) {
        attachedTo = parsed.data.engagementId;
        apply(parsed.data);
      }
    },
    () => undefined,
  );
}
