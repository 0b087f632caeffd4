import type { ApiResult } from '../../lib/api';
import type { CallList, CallView, ShopperPhoneView, TextList, TextSent, TextView } from '../../../shared/telephony';
import { type Load, loadReader, networkFailure } from './sales';
import { callRefusalText, mergeCalls, mergeTexts, textRefusalText } from './phone.core';
import { callIn } from '../../lib/phone-api';

/** The backend calls the Phone panel makes (what `createPhoneApi` gives, with the associate's token). */
export interface PhoneDeskApi {
  phone(engagementId: string): Promise<ApiResult<ShopperPhoneView>>;
  calls(engagementId: string): Promise<ApiResult<CallList>>;
  startCall(engagementId: string): Promise<ApiResult<unknown>>;
  hangUp(engagementId: string, callId: string): Promise<ApiResult<unknown>>;
  texts(engagementId: string): Promise<ApiResult<TextList>>;
  sendText(engagementId: string, body: string): Promise<ApiResult<TextSent>>;
}

/** What the backend pushes about the engagement's telephone (realtime `call`, `text`, `shopper-phone`), relayed by agent mode. */
export type PhonePush = { type: 'call'; call: CallView } | { type: 'text'; text: TextView } | { type: 'shopper-phone'; given: boolean };

/**
 * The telephone of one engagement on the associate's side: whether the shopper gave a number,
 * the calls and the texts (read when the console opens, then kept by the backend's pushes),
 * placing and hanging up a call, sending a text. The Phone panel and the "Text to shopper"
 * buttons render it; every refusal is kept in words.
 */
export function createPhoneDesk(deps: { engagementId: string; api: PhoneDeskApi }) {
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  let disposed = false;
  const hooks = { changed, disposed: () => disposed };
  const id = deps.engagementId;

  let shopper: Load<ShopperPhoneView> = { status: 'loading', data: null, error: null };
  let calls: Load<CallView[]> = { status: 'loading', data: null, error: null };
  let texts: Load<TextList> = { status: 'loading', data: null, error: null };
  let placing = false;
  let hanging = false;
  let callError: string | null = null;
  let textError: string | null = null;
  /** What was texted from this console (a product's or material's key): its button says so. */
  const texted = new Set<string>();
  const sending = new Set<string>();

  const readShopper = loadReader('whether the shopper gave a number', () => deps.api.phone(id), () => shopper, (l) => (shopper = l), hooks);
  // A read's calls and texts are merged into what pushes brought meanwhile (never moved back).
  const readCalls = loadReader(
    'the calls',
    async () => {
      const r = await deps.api.calls(id);
      return r.ok ? { ...r, body: mergeCalls(calls.data ?? [], r.body.calls) } : r;
    },
    () => calls,
    (l) => (calls = l),
    hooks,
  );
  const readTexts = loadReader(
    'the texts',
    async () => {
      const r = await deps.api.texts(id);
      return r.ok ? { ...r, body: { texts: mergeTexts(texts.data?.texts ?? [], r.body.texts), optedOut: r.body.optedOut || (texts.data?.optedOut ?? false) } } : r;
    },
    () => texts,
    (l) => (texts = l),
    hooks,
  );

  const withCall = (call: CallView) => {
    const merged = mergeCalls(calls.data ?? [], [call]);
    calls = { ...calls, data: merged } as Load<CallView[]>;
  };
  const withText = (text: TextView) => {
    const data = texts.data ?? { texts: [], optedOut: false };
    texts = { ...texts, data: { ...data, texts: mergeTexts(data.texts, [text]) } } as Load<TextList>;
  };

  return {
    shopperPhone: () => shopper,
    calls: () => calls,
    texts: () => texts,
    placing: () => placing,
    hanging: () => hanging,
    callError: () => callError,
    textError: () => textError,
    texted: (key: string) => texted.has(key),
    sending: (key: string) => sending.has(key),
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Reads the shopper's number, the calls and the texts (the console opened). */
    start: () => Promise.all([readShopper(), readCalls(), readTexts()]).then(() => undefined),
    refreshShopperPhone: readShopper,
    refreshCalls: readCalls,
    refreshTexts: readTexts,
    /** A push of the backend about this engagement. */
    pushed(push: PhonePush): void {
      if (disposed) return;
      if (push.type === 'shopper-phone') return void readShopper();
      if (push.type === 'call') withCall(push.call);
      else withText(push.text);
      changed();
    },
    /** "Call the shopper": the backend rings the associate's phone, then the shopper's; a refusal stays in words. */
    async startCall(): Promise<void> {
      if (placing) return;
      placing = true;
      callError = null;
      changed();
      const result = await deps.api.startCall(id).catch(networkFailure);
      if (disposed) return;
      placing = false;
      if (result.ok) {
        const call = callIn(result.body);
        if (call) withCall(call);
        else void readCalls();
      } else callError = callRefusalText(result);
      changed();
    },
    async hangUp(callId: string): Promise<void> {
      if (hanging) return;
      hanging = true;
      callError = null;
      changed();
      const result = await deps.api.hangUp(id, callId).catch(networkFailure);
      if (disposed) return;
      hanging = false;
      if (result.ok) {
        const call = callIn(result.body);
        if (call) withCall(call);
      } else callError = callRefusalText(result);
      changed();
    },
    /**
     * Texts `body` to the shopper (`key`: what it was about, for its button). A STOP on the
     * number shows as the texts' opt-out from then on.
     */
    async sendText(key: string, body: string): Promise<boolean> {
      if (sending.has(key)) return false;
      sending.add(key);
      textError = null;
      changed();
      const result = await deps.api.sendText(id, body).catch(networkFailure);
      if (disposed) return false;
      sending.delete(key);
      if (result.ok) {
        texted.add(key);
        const at = new Date().toISOString();
        // Its push may have come first: what it told is kept.
        if (!texts.data?.texts.some((t) => t.textId === result.body.textId))
          withText({ textId: result.body.textId, direction: 'out', body, status: result.body.status, errorCode: null, sentAt: at, updatedAt: at });
      } else {
        textError = textRefusalText(result);
        if (result.code === 'recipient_opted_out') texts = { ...texts, data: { texts: texts.data?.texts ?? [], optedOut: true } } as Load<TextList>;
      }
      changed();
      return result.ok;
    },
    dispose(): void {
      disposed = true;
      listeners.clear();
    },
  };
}
export type PhoneDesk = ReturnType<typeof createPhoneDesk>;
