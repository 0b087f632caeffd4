import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { App } from '../backend/src/app';
import type { SeededEnterprise } from './seed';

/** The number Voltaire's (stand-in) Twilio account owns: calls and texts come from it, shoppers text it. */
export const DEMO_TWILIO_NUMBER = '+15005550006';

/** Where each demo associate takes the phone leg of a call (fictional 555-01xx numbers; the stand-in answers every number). */
export const DEMO_ASSOCIATE_PHONES: Readonly<Record<string, string>> = {
  'ana@voltaire.example': '+14155550101',
  'ben@voltaire.example': '+14155550102',
  'clara@summit.example': '+4930555010103',
  'ivy@independent.example': '+14155550104',
};

/** A Twilio account as the stand-in knows it. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

/** The local Twilio stand-in, running as a process of its own. */
export interface TwilioStandIn extends TwilioAccount {
  /** Its API's base URL, `http://127.0.0.1:<port>` (TWILIO_API_URL). */
  url: string;
  /** `127.0.0.1:<port>`, for OUTBOUND_ALLOW_HOSTS. */
  host: string;
  /** Where the stand-in posts a person's texts and calls to our numbers (the backend's incoming webhooks under its PUBLIC_URL). */
  postIncomingTo(publicUrl: string): Promise<void>;
  close(): Promise<void>;
}

const STAND_IN = fileURLToPath(new URL('../backend/src/testing/twilio-server.ts', import.meta.url));

/**
 * Starts `backend/src/testing/twilio-server.ts` as a process of its own, with an account of this
 * run (a new SID and auth token), on TWILIO_PORT (any free port when unset). It ends with this
 * process, even when this one is killed (its IPC channel closes).
 */
export async function startTwilioStandIn(port = Number(process.env.TWILIO_PORT ?? 0)): Promise<TwilioStandIn> {
  const account: TwilioAccount = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
  const child: ChildProcess = fork(STAND_IN, [], {
    env: { ...process.env, TWILIO_PORT: String(port), TWILIO_ACCOUNT_SID: account.accountSid, TWILIO_AUTH_TOKEN: account.authToken },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the Twilio stand-in exited (${code}) before it listened`)));
  });
  return {
    ...account,
    url,
    host: new URL(url).host,
    postIncomingTo: async (publicUrl) => {
      const body = { incomingMessageUrl: `${publicUrl}/api/v1/webhooks/twilio/texts/incoming`, incomingCallUrl: `${publicUrl}/api/v1/webhooks/twilio/calls/incoming` };
      const res = await fetch(`${url}/_control/webhooks`, { method: 'POST', body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`the Twilio stand-in did not take the incoming URLs: ${res.status} ${await res.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Voltaire's telephony settings on the stand-in's account (replacing what was set: only its
 * account works against it) and, for each demo associate who has none, a phone to take calls
 * on; an associate's own phone is kept.
 */
export async function seedDemoTelephony(app: App, enterprises: readonly SeededEnterprise[], account: TwilioAccount): Promise<void> {
  const volt = enterprises.find((e) => e.slug === 'voltaire-retail');
  if (volt) await app.telephony.putSettings(volt.id, { provider: 'twilio', accountSid: account.accountSid, authToken: account.authToken, numbers: [DEMO_TWILIO_NUMBER] });
  for (const [email, phone] of Object.entries(DEMO_ASSOCIATE_PHONES)) {
    const associate = await app.associates.byEmail(email);
    if (associate && !associate.contact.phone) await app.associates.update(associate.id, { contact: { ...associate.contact, phone } });
  }
}
