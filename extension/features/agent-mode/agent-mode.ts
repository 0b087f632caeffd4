import { browser } from '#imports';
import type { Fetch } from '../../lib/api';
import { createLock } from '../../lib/lock';
import { logOnce } from '../../lib/log';
import type { MessageHandlers, OfferAcceptReply } from '../../lib/messaging';
import { AssociateServerMessage, type ClientMessage, type EngagementView, type OfferView } from '../../../shared/realtime';
import type { OpenSocket } from '../../lib/socket';
import type { ContactPreferences } from '../../../shared/associates';
import { backendUrlItem, modeItem, type ExtensionMode } from '../../lib/storage';
import { createAgentApi, type AgentProfile } from '../agent-sign-in/agent-api';
import { admissionsItem, agentItem, agentLinkItem, boardItem, type AgentBoard, type AgentLink } from '../agent-sign-in/agent-state';
import { deviceName } from '../agent-sign-in/credential-errors';
import { signInFailure } from '../agent-sign-in/sign-in-errors';
import {
  answerFailed,
  answerStarted,
  boardAt,
  emptyBoard,
  engagementChanged,
  offerArrived,
  offerDismissed,
  offerEnded,
} from '../offers-panel/board.core';
import { offerNotification } from '../offers-panel/offer-text.core';
import { openConsoleOnce } from '../live-console/open-console';
import { practicesChangedItem, relayPhonePush, rememberForConsole } from '../live-console/console-context';
import { createRealtimeClient } from '../realtime-client/realtime-client';
import { type CredentialMessages, credentialHandlers } from './credentials';
import { type ScheduleMessages, scheduleHandlers } from './schedule';
import { offerOfNotification, type OfferNotifier } from './offer-notifications';
import type { Surfaces } from './surfaces';

/** Keeps agent mode's connection up: wakes a worker the browser stopped despite the pings. */
export const AGENT_ALARM = 'floorwalker.agent';

export interface AgentModeDeps {
  fetch: Fetch;
  openSocket: OpenSocket;
  surfaces: Surfaces;
  notifier: OfferNotifier;
  /** Called after the mode changed, so shopper mode stops (or resumes) observing. */
  onModeChanged: (mode: ExtensionMode) => Promise<void>;
  now?: () => number;
  random?: () => number;
  locale?: () => string | undefined;
  /** The browser's user agent, to name this device in the associate's list (default: navigator's). */
  userAgent?: () => string;
}

type AgentMessages =
  | 'mode:set'
  | 'agent:sign-in'
  | 'agent:sign-out'
  | 'agent:presence'
  | 'agent:notify'
  | 'agent:phone'
  | 'agent:admission'
  | 'offer:accept'
  | 'offer:decline'
  | 'offer:dismiss'
  | 'messages:list'
  | 'message:step'
  | CredentialMessages
  | ScheduleMessages;

/** Why the associate finds themselves signed out when the server stopped taking their token (close 4401, a 401). */
const SIGNED_OUT_NOTICE = 'You were signed out (password changed, signed out elsewhere, or your session expired).';

/**
 * Agent mode in the background: the associate's sign-in, presence, the realtime connection
 * that brings offers (answering its pings keeps the service worker alive), the board the side
 * panel shows, accepting and declining, and a system notification for each new offer.
 */
export function createAgentMode(deps: AgentModeDeps) {
  const now = deps.now ?? Date.now;
  const changeBoard = createLock();
  const changeSignIn = createLock();
  const changeLink = createLock();
  /** Server messages are handled one after another, in the order they came. */
  const inOrder = createLock();

  const setLink = (change: Partial<AgentLink>) => changeLink(async () => agentLinkItem.setValue({ ...(await agentLinkItem.getValue()), ...change }));

  /** Read-modify-write of the board, one at a time; ended offers are pruned on the way. */
  const editBoard = (edit: (board: AgentBoard) => AgentBoard) =>
    changeBoard(async () => {
      const before = await boardItem.getValue();
      const after = boardAt(edit(before), now());
      if (after !== before) await boardItem.setValue(after);
      return after;
    });

  const setProfile = (change: Partial<AgentProfile>) =>
    changeSignIn(async () => {
      const current = await agentItem.getValue();
      if (current) await agentItem.setValue({ ...current, associate: { ...current.associate, ...change } });
    });

  const realtime = createRealtimeClient<AssociateServerMessage, ClientMessage>({
    target: async () => {
      const [mode, agent] = await Promise.all([modeItem.getValue(), agentItem.getValue()]);
      return mode === 'agent' && agent ? { backendUrl: agent.backendUrl, token: agent.token } : null;
    },
    open: deps.openSocket,
    parse: (raw) => {
      const parsed = AssociateServerMessage.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
    onMessage: (message) => void inOrder(() => onServerMessage(message)).catch((e) => logOnce('agent', e)),
    onState: (connection) => {
      void setLink({ connection });
      if (connection.status === 'refused') void signOutLocally(SIGNED_OUT_NOTICE);
    },
    now,
    random: deps.random,
  });

  /** The offer on the board, kept for the console of the engagement it became. */
  async function rememberOffer(offerId: string, engagementId: string, engagement?: EngagementView): Promise<void> {
    const offer = (await boardItem.getValue()).offers.find((o) => o.offer.id === offerId)?.offer ?? null;
    await rememberForConsole(engagementId, { offer, engagement }, now());
  }

  async function onServerMessage(message: AssociateServerMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Connected (again): the profile as it is now, presence included (it may have changed meanwhile), and the invitations.
        await refreshProfile();
        return refreshAdmissions();
      case 'offer': {
        const isNew = !(await boardItem.getValue()).offers.some((o) => o.offer.id === message.offer.id);
        await editBoard((b) => offerArrived(b, message.offer, now()));
        if (isNew) await notify(message.offer);
        return;
      }
      case 'offer-update':
        await editBoard((b) => offerEnded(b, { offerId: message.offerId, status: message.status, reason: message.reason, engagementId: message.engagementId }, now()));
        // Won (on this device or another): the console keeps what the offer said of the shopper.
        if (message.status === 'accepted' && message.engagementId) await rememberOffer(message.offerId, message.engagementId);
        await deps.notifier.clear(message.offerId);
        return;
      case 'engagement':
        await editBoard((b) => engagementChanged(b, message.engagement));
        await rememberForConsole(message.engagement.id, { engagement: message.engagement }, now());
        // The shopper said yes: the live console opens by itself (once per engagement).
        if (message.engagement.status === 'accepted') await openConsoleOnce(message.engagement.id);
        return;
      case 'presence':
        // One enterprise paused them (missed offers there): their presence is unchanged, the enterprise list says so.
        if (message.enterprise) return refreshAdmissions();
        await setProfile({ presence: message.presence, presenceReason: message.reason ?? null });
        return;
      case 'admission':
        return refreshAdmissions();
      case 'practices':
        // The ranking for the engagement's situation changed: its console reads it again.
        await practicesChangedItem.setValue({ engagementId: message.engagementId, at: now() });
        return;
      // The telephone of an engagement (a call moved, a text's delivery or a reply, the shopper's number): for its console.
      case 'call':
        return relayPhonePush(message.engagementId, { type: 'call', call: message.call });
      case 'text':
        return relayPhonePush(message.engagementId, { type: 'text', text: message.text });
      case 'shopper-phone':
        return relayPhonePush(message.engagementId, { type: 'shopper-phone', given: message.given });
      case 'error':
        logOnce('agent', new Error(`the server said: ${message.code}: ${message.message}`));
        return;
      default:
        return;
    }
  }

  async function notify(offer: OfferView): Promise<void> {
    const agent = await agentItem.getValue();
    if ((await modeItem.getValue()) !== 'agent' || !agent) return;
    // The associate's contact preferences: a notification at all, and with a sound or without.
    if (agent.associate.contact?.notify === false) return;
    const silent = agent.associate.contact?.sound !== true;
    await deps.notifier.show(offer.id, { ...offerNotification(offer, deps.locale?.()), assigned: offer.priority === 'must', silent });
  }

  async function refreshProfile(): Promise<void> {
    const agent = await agentItem.getValue();
    if (!agent) return;
    const answer = await createAgentApi({ fetch: deps.fetch, baseUrl: agent.backendUrl }).me(agent.token);
    if (answer.ok) await setProfile(answer.body);
    else if (answer.status === 401) await signOutLocally(SIGNED_OUT_NOTICE);
    else logOnce('agent', new Error(`could not read the associate's profile: ${answer.message}`));
  }

  async function refreshAdmissions(): Promise<void> {
    const agent = await agentItem.getValue();
    if (!agent) return;
    const answer = await createAgentApi({ fetch: deps.fetch, baseUrl: agent.backendUrl }).admissions(agent.token);
    if (answer.ok) await admissionsItem.setValue(answer.body.admissions);
    else if (answer.status === 401) await signOutLocally(SIGNED_OUT_NOTICE);
    else logOnce('agent', new Error(`could not read the invitations: ${answer.message}`));
  }

  async function signOutLocally(notice: string | null): Promise<void> {
    await changeSignIn(() => agentItem.setValue(null));
    await admissionsItem.setValue([]);
    await changeBoard(() => boardItem.setValue(emptyBoard()));
    realtime.stop();
    await setLink({ notice });
  }

  /** The signed-in associate, or an error a page can show. */
  async function signedIn() {
    const agent = await agentItem.getValue();
    if (!agent) throw new Error('You are signed out. Sign in on the settings page to get offers.');
    return { agent, api: createAgentApi({ fetch: deps.fetch, baseUrl: agent.backendUrl }) };
  }

  /** A 401 from the API means the token is gone: signed out, and said so. */
  async function unauthorized(status: number): Promise<void> {
    if (status === 401) {
      await signOutLocally(SIGNED_OUT_NOTICE);
      throw new Error(SIGNED_OUT_NOTICE);
    }
  }

  async function ensureAlarm(on: boolean): Promise<void> {
    if (!on) await browser.alarms.clear(AGENT_ALARM);
    else if (!(await browser.alarms.get(AGENT_ALARM))) await browser.alarms.create(AGENT_ALARM, { periodInMinutes: 0.5 });
  }

  const handlers: MessageHandlers<AgentMessages> = {
    ...credentialHandlers({ fetch: deps.fetch, signedIn, unauthorized, signOutLocally }),
    ...scheduleHandlers({ signedIn, unauthorized }),
    'mode:set': async ({ mode }) => {
      const previous = await modeItem.getValue();
      if (mode === 'shopper' && (await agentItem.getValue())) await handlers['agent:sign-out']({ type: 'agent:sign-out' }, {});
      await modeItem.setValue(mode);
      await deps.surfaces.apply(mode);
      await ensureAlarm(mode === 'agent');
      if (previous !== mode) await deps.onModeChanged(mode);
      return { mode };
    },

    'agent:sign-in': async ({ email, password }) => {
      if ((await modeItem.getValue()) !== 'agent') throw new Error('Switch to agent mode first.');
      const backendUrl = await backendUrlItem.getValue();
      const api = createAgentApi({ fetch: deps.fetch, baseUrl: backendUrl });
      const answer = await api.signIn(email.trim(), password, deviceName(deps.userAgent?.() ?? globalThis.navigator?.userAgent ?? ''));
      if (!answer.ok) throw new Error(signInFailure(answer, backendUrl));
      const { token, expiresAt, associate } = answer.body;
      await changeSignIn(() => agentItem.setValue({ backendUrl: api.baseUrl, token, expiresAt, associate }));
      await changeBoard(() => boardItem.setValue(emptyBoard()));
      await setLink({ notice: null });
      await ensureAlarm(true);
      realtime.start();
      return { displayName: associate.displayName };
    },

    'agent:sign-out': async () => {
      const agent = await agentItem.getValue();
      await signOutLocally(null);
      if (agent) {
        // Signed out here whatever the server says; a token it could not revoke expires by itself.
        const answer = await createAgentApi({ fetch: deps.fetch, baseUrl: agent.backendUrl }).signOut(agent.token);
        if (!answer.ok && answer.status !== 401) logOnce('agent', new Error(`sign-out: ${answer.message}`));
      }
      return { signedOut: true };
    },

    'agent:presence': async ({ presence }) => {
      const { agent, api } = await signedIn();
      const answer = await api.updateMe(agent.token, { presence });
      if (!answer.ok) {
        await unauthorized(answer.status);
        throw new Error(answer.message);
      }
      await setProfile({ presence: answer.body.presence, presenceReason: answer.body.presenceReason ?? null });
      // Available again ends the pauses enterprises made for missed offers.
      if (presence === 'available') await refreshAdmissions();
      return { presence: answer.body.presence };
    },

    'agent:admission': async ({ enterpriseId, answer: what }) => {
      const { agent, api } = await signedIn();
      const answer = await api.answerAdmission(agent.token, enterpriseId, what);
      if (!answer.ok) {
        await unauthorized(answer.status);
        throw new Error(answer.message);
      }
      await refreshAdmissions();
      return { status: answer.body.status };
    },

    'agent:notify': async ({ on }) => {
      const { agent, api } = await signedIn();
      const answer = await api.updateMe(agent.token, { contact: { ...agent.associate.contact, notify: on } });
      if (!answer.ok) {
        await unauthorized(answer.status);
        throw new Error(answer.message);
      }
      await setProfile({ contact: answer.body.contact });
      return { notify: answer.body.contact.notify };
    },

    'agent:phone': async ({ phone }) => {
      const { agent, api } = await signedIn();
      // The whole contact preferences go back with the phone set, or without it (removed).
      const contact: ContactPreferences = { ...agent.associate.contact };
      if (phone) contact.phone = phone;
      else delete contact.phone;
      const answer = await api.updateMe(agent.token, { contact });
      if (!answer.ok) {
        await unauthorized(answer.status);
        throw new Error(answer.status === 400 ? 'The server did not take it as a phone number or SIP address: check it and try again.' : answer.message);
      }
      await setProfile({ contact: answer.body.contact });
      return { phone: answer.body.contact.phone ?? null };
    },

    'offer:accept': async ({ offerId }) => {
      const { agent, api } = await signedIn();
      await editBoard((b) => answerStarted(b, offerId, 'accept'));
      await deps.notifier.clear(offerId);
      const answer = await api.accept(agent.token, offerId);
      let reply: OfferAcceptReply;
      if (answer.ok) {
        const { engagement } = answer.body;
        await editBoard((b) => engagementChanged(offerEnded(b, { offerId, status: 'accepted', engagementId: engagement.id }, now()), engagement));
        await rememberOffer(offerId, engagement.id, engagement);
        reply = { outcome: 'won', engagementId: engagement.id };
      } else if (answer.status === 409 || answer.status === 404 || answer.status === 410) {
        const taken = answer.code === 'offer_taken';
        await editBoard((b) => offerEnded(b, { offerId, status: taken ? 'taken' : 'expired' }, now()));
        reply = { outcome: taken ? 'taken' : answer.status === 404 ? 'gone' : 'expired', message: answer.message };
      } else {
        await editBoard((b) => answerFailed(b, offerId, `Not accepted: ${answer.message}`));
        await unauthorized(answer.status);
        throw new Error(`The offer could not be accepted: ${answer.message}`);
      }
      return reply;
    },

    'offer:decline': async ({ offerId, goAway }) => {
      const { agent, api } = await signedIn();
      await editBoard((b) => answerStarted(b, offerId, 'decline'));
      await deps.notifier.clear(offerId);
      const answer = await api.decline(agent.token, offerId, goAway);
      // An offer that ended meanwhile (409/404) is as good as declined.
      if (!answer.ok && ![404, 409, 410].includes(answer.status)) {
        await editBoard((b) => answerFailed(b, offerId, `Not declined: ${answer.message}`));
        await unauthorized(answer.status);
        throw new Error(`The offer could not be declined: ${answer.message}`);
      }
      await editBoard((b) => offerEnded(b, { offerId, status: 'declined' }, now()));
      if (answer.ok) await setProfile({ presence: answer.body.presence, ...(answer.body.presence === 'away' ? {} : { presenceReason: null }) });
      else if (goAway) await setProfile({ presence: 'away' });
      return { declined: true };
    },

    'offer:dismiss': async ({ offerId }) => {
      const before = await boardItem.getValue();
      const after = await editBoard((b) => offerDismissed(b, offerId));
      return { dismissed: after.offers.length < before.offers.length };
    },

    'messages:list': async () => {
      const { agent, api } = await signedIn();
      const answer = await api.openMessages(agent.token);
      if (!answer.ok) {
        await unauthorized(answer.status);
        throw new Error(`The messages could not be read: ${answer.message}`);
      }
      return { messages: answer.body.messages };
    },

    'message:step': async ({ messageId, step }) => {
      const { agent, api } = await signedIn();
      const answer = await api.messageStep(agent.token, messageId, step);
      if (!answer.ok) {
        await unauthorized(answer.status);
        throw new Error(answer.status === 409 || answer.status === 404 ? answer.message : `The message could not be updated: ${answer.message}`);
      }
      return { message: answer.body };
    },
  };

  return {
    handlers,
    /** On every background start: the toolbar button for the mode, and the connection when signed in. */
    async start(): Promise<void> {
      const mode = await modeItem.getValue();
      await deps.surfaces.apply(mode);
      await ensureAlarm(mode === 'agent');
      if (mode === 'agent' && (await agentItem.getValue())) realtime.start();
    },
    async onAlarm(name: string): Promise<void> {
      if (name !== AGENT_ALARM) return;
      if ((await modeItem.getValue()) !== 'agent') return ensureAlarm(false);
      const agent = await agentItem.getValue();
      if (agent && Date.parse(agent.expiresAt) <= now()) return signOutLocally(SIGNED_OUT_NOTICE);
      if (agent) realtime.ensure();
      await editBoard((b) => b); // prunes ended offers
    },
    /** A click on an offer's notification: the panel, where the browser lets it open. */
    async onNotificationClicked(notificationId: string, windowId?: number): Promise<void> {
      if (!offerOfNotification(notificationId)) return;
      await deps.notifier.clear(offerOfNotification(notificationId)!);
      try {
        await deps.surfaces.openPanel(windowId);
      } catch {
        // Not from a notification click in this browser: the panel as a tab instead.
        await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
      }
    },
    connection: () => realtime.state(),
  };
}
export type AgentMode = ReturnType<typeof createAgentMode>;
