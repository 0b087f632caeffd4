import type { ConsentScope } from '../../../../shared/live';
import type { ParticipatingSite } from '../../../../shared/sites';
import { el, markIcon } from '../../invitation/corner-card';
import { linkLabel, unreadBadge, unreadCount } from '../asks.core';
import type { LiveView } from '../messages';
import { createAskCards } from './ask-cards';
import { createSharingBanner, type SharingBannerOptions } from './banner';
import { productCardLink, materialCardLink } from '../card-link.core';
import { createChat, type CardLinks, type ChatActions, type Timers } from './chat';
import { keepKeysInside, mountShadow } from './shadow-mount';
import { DOCK_CSS } from './styles';
import { createVoiceBar, type VoiceAction } from './voice-bar';
import { createPhone, type PhoneActions, type PhoneMemory } from './phone';
import { createDialIn } from './dial-in';
import type { DialInReply } from '../messages';

export interface DockActions extends ChatActions, Omit<PhoneActions, 'refuse'> {
  answer(askId: string, yes: boolean): void;
  revoke(scope: ConsentScope): void;
  voice(action: VoiceAction): void;
  /** The shop's number and the engagement's code to call in with (Call in instead). */
  dialIn(): Promise<DialInReply>;
  /** The shopper ends the engagement. */
  end(): void;
  /** The shopper closed the dock of an engagement that has ended. */
  dismiss(): void;
}

/** The mounted elements' tags, for tests (e2e reaches into their closed roots through DevTools). */
export const DOCK_TAG = 'floorwalker-live';
export const BANNER_TAG = 'floorwalker-live-banner';

export interface DockOptions {
  now: () => number;
  /** For the typing indicator's idle time (the content script passes its context's). */
  timers: Timers;
  /** Whether the sharing banner starts as the chip, and who hears that the shopper changed it. */
  banner?: SharingBannerOptions;
  /**
   * What the page knows besides the view for a card's link: its site's enterprise and the cached
   * site list, the backend's origin (where materials are served). Read when a card is shown.
   */
  cardRules?: () => { enterpriseId?: string | null; sites?: ParticipatingSite[] | null; backendOrigin?: string | null };
  /** Where a number the shopper asked to remember is kept (this browser's extension storage); none: not offered. */
  phoneMemory?: PhoneMemory;
  /** Copies the number to call in on (default: the page's clipboard; null: no copy button). */
  copyText?: ((text: string) => Promise<void>) | null;
}

/**
 * The live engagement in the shop's tab: a dock in the corner (who, the link's state, End;
 * the call; the associate's questions; the chat, collapsible to a bubble with the unread
 * count) and the sharing banner in the other corner. Rendered from each LiveView the live host sends.
 *
 * Test hooks are on the mounted element `<floorwalker-live>`: data-fw-live (connecting, open,
 * lost, closed), data-fw-asks (open asks), data-fw-unread, data-fw-voice, data-fw-collapsed,
 * data-fw-chat (lines), data-fw-call (none, calling-associate, calling-shopper, connected, ended),
 * data-fw-call-outcome, data-fw-phone (given, none), data-fw-phone-form (open, closed),
 * data-fw-dial-in (shown, none: the number and code to call in with); inside,
 * data-testid and data-action name every control. No phone number is ever on them.
 */
export function mountLiveDock(doc: Document, actions: DockActions, { now, timers, banner: bannerOptions, cardRules, phoneMemory, copyText }: DockOptions) {
  const shadow = mountShadow(doc, 'live', 'corner', DOCK_CSS);
  const { element } = shadow;
  let view: LiveView | null = null;
  let collapsed = false;
  let lastReadId: string | null = null;

  const name = el(doc, 'span', { class: 'name', 'data-testid': 'live-associate' });
  const link = el(doc, 'span', { class: 'link', role: 'status', 'data-testid': 'live-link' });
  const collapse = el(doc, 'button', { class: 'icon', type: 'button', 'aria-label': 'Minimise the chat', 'data-action': 'collapse', 'data-testid': 'live-collapse' }, '–');
  const end = el(doc, 'button', { class: 'small danger', type: 'button', 'data-action': 'end', 'data-testid': 'live-end' }, 'End');
  const voice = createVoiceBar(doc, (action) => actions.voice(action));
  const clipboard = doc.defaultView?.navigator.clipboard;
  const copy = copyText !== undefined ? copyText : clipboard ? (text: string) => clipboard.writeText(text) : null;
  const dialIn = createDialIn(doc, () => actions.dialIn(), copy, now, () => stamp());
  const phone = createPhone(doc, { ...actions, refuse: (askId) => actions.answer(askId, false) }, phoneMemory ?? null, () => stamp(), () => dialIn.request());
  const asks = createAskCards(
    doc,
    (id, yes) => actions.answer(id, yes),
    (ask) => phone.open(ask.purpose, ask.id),
  );
  const callMe = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'call-me', 'data-testid': 'live-call-me' }, 'Call me');
  callMe.setAttribute('aria-label', 'Call me on my phone');
  const callIn = el(doc, 'button', { class: 'link-button', type: 'button', 'data-action': 'dial-in', 'data-testid': 'live-dial-in-ask' }, 'Call in instead');
  callIn.setAttribute('aria-label', 'Call the shop from your phone instead');
  const callChoices = el(doc, 'div', { class: 'call-choices' }, callMe, callIn);
  const cardLinks: CardLinks = (card) => {
    const rules = { ...cardRules?.(), allowedDomains: view?.allowedDomains ?? [], shopName: view?.shopName ?? null };
    return card.kind === 'product' ? productCardLink(card.card.url, rules) : materialCardLink(card.card.url, rules);
  };
  const chat = createChat(doc, actions, timers, cardLinks);
  const panel = el(
    doc,
    'section',
    { class: 'card dock', role: 'region', 'aria-label': 'Live help', 'data-testid': 'live-dock' },
    el(doc, 'div', { class: 'head' }, markIcon(doc), el(doc, 'div', { class: 'who' }, name, link), callChoices, collapse, end),
    voice.section,
    phone.bar,
    dialIn.section,
    asks.section,
    phone.section,
    chat.list,
    chat.typingLine,
    chat.alert,
    chat.compose,
  );
  const badge = el(doc, 'span', { class: 'badge', 'data-testid': 'live-unread' });
  const bubble = el(doc, 'button', { class: 'bubble', type: 'button', hidden: '', 'aria-label': 'Open the chat', 'data-action': 'expand', 'data-testid': 'live-bubble' }, markIcon(doc, 24), badge);
  shadow.root.append(panel, bubble);
  keepKeysInside(panel);
  const banner = createSharingBanner(doc, (scope) => actions.revoke(scope), bannerOptions);

  end.addEventListener('click', () => (view?.link === 'closed' ? actions.dismiss() : actions.end()));
  callMe.addEventListener('click', () => phone.callMe());
  callIn.addEventListener('click', () => dialIn.request());

  /** The phone's test hooks on the mounted element (states only, never a number), and the Call me button. */
  function stamp(): void {
    // Before the first view (and while the dock is being built) there is nothing to stamp.
    if (view === null) return;
    const live = view.link !== 'closed';
    callMe.hidden = !live || phone.callOn() || phone.formOpen();
    callIn.hidden = !live || phone.callOn() || phone.formOpen() || dialIn.shown();
    callChoices.hidden = callMe.hidden && callIn.hidden;
    const call = live ? view.call : null;
    Object.assign(element.dataset, {
      fwCall: call?.state ?? 'none',
      fwCallOutcome: call?.outcome ?? '',
      fwPhone: view.phone.given ? 'given' : 'none',
      fwPhoneForm: phone.formOpen() ? 'open' : 'closed',
      fwDialIn: dialIn.shown() ? 'shown' : 'none',
    });
  }
  collapse.addEventListener('click', () => setCollapsed(true));
  bubble.addEventListener('click', () => setCollapsed(false));

  function setCollapsed(next: boolean): void {
    collapsed = next;
    panel.hidden = next;
    bubble.hidden = !next;
    element.dataset.fwCollapsed = String(next);
    if (view) render(view);
  }

  /** Shows `view` (the live host sends it whole on each change). */
  function render(next: LiveView): void {
    view = next;
    const closed = next.link === 'closed';
    name.textContent = next.associateName;
    link.textContent = linkLabel(next.link, next.closedReason);
    panel.dataset.link = next.link;
    end.textContent = closed ? 'Close' : 'End';
    end.setAttribute('aria-label', closed ? 'Close' : 'End the conversation');
    voice.render(next.voice, next.associateName, closed);
    const open = asks.render(closed ? [] : next.asks, next.associateName, now());
    phone.render(next, now());
    dialIn.render(next, now());
    chat.render(next);
    banner.render(next);
    // What the shopper has seen: everything while the chat is open.
    if (!collapsed) lastReadId = next.chat.at(-1)?.id ?? lastReadId;
    const unread = collapsed ? unreadCount(next.chat, lastReadId) : 0;
    badge.textContent = unreadBadge(unread);
    // An ask needs an answer: it opens the chat rather than wait behind the bubble.
    if (collapsed && open > 0 && !next.away) setCollapsed(false);
    // The dock shows only on the enterprise's own sites; elsewhere only the banner says why sharing paused.
    panel.hidden = collapsed || next.away;
    bubble.hidden = !collapsed || next.away;
    Object.assign(element.dataset, {
      fwLive: next.link,
      fwAsks: String(open),
      fwUnread: String(unread),
      fwVoice: closed ? 'off' : next.voice.state,
      fwCollapsed: String(collapsed),
      fwAway: String(next.away),
      fwChat: String(next.chat.length),
    });
    stamp();
  }

  return {
    element,
    render,
    /** Every second: the asks' countdowns and lapses. */
    tick(): void {
      element.dataset.fwAsks = String(asks.tick(now()));
      phone.tick(now());
      dialIn.tick(now());
    },
    /** Opens the phone form, as Call me does without a number for calls. */
    openPhoneForm: (purpose: 'call' | 'text' = 'call') => phone.open(purpose),
    collapsed: () => collapsed,
    setCollapsed,
    get bannerElement(): HTMLElement | null {
      return banner.element;
    },
    /** The sharing banner shrunk to its chip (true) or expanded. */
    setBannerChip: (chip: boolean) => banner.setChip(chip),
    remove(): void {
      chat.stopTyping();
      banner.remove();
      shadow.remove();
    },
  };
}
export type LiveDock = ReturnType<typeof mountLiveDock>;
