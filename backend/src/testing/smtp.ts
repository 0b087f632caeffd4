import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { smtpMailer } from '../mail/mailer';
import type { Mailer } from '../mail/mailer';

/** A message the test SMTP server received: its envelope recipient, subject and decoded text. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) for tests, and a real nodemailer mailer
 * pointed at it. `next()` waits for the next message; `link()` reads the one-time link out of a message.
 */
export async function startTestSmtp(): Promise<{ url: string; mailer: Mailer; received: ReceivedMail[]; next(timeoutMs?: number): Promise<ReceivedMail>; stop(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const waiters: ((m: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address).join(','));
        const waiter = waiters.shift();
        if (waiter) waiter(mail);
        else received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    /** For a backend process's SMTP_URL. */
    url: `smtp://127.0.0.1:${port}`,
    mailer: smtpMailer(`smtp://127.0.0.1:${port}`, 'Floorwalker <no-reply@test.example>'),
    received,
    next: (timeoutMs = 5_000) => {
      const queued = received.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no mail arrived')), timeoutMs);
        waiters.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The one-time link in a message's text. */
export function linkIn(mail: ReceivedMail): string {
  const found = /https?:\/\/\S+#token=\S+/.exec(mail.text);
  if (!found) throw new Error(`no link in: ${mail.text}`);
  return found[0];
}

/** The token of a link (its fragment). */
export function tokenOf(link: string): string {
  return decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
}

/** Headers and a single-part text body, quoted-printable or base64 as nodemailer writes them. */
function parse(raw: string, to: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { to, subject: header('Subject'), text: text.replace(/\r\n/g, '\n') };
}

/**
 * For a test file: one test SMTP server for all its tests (started before the apps are built),
 * the real mailer to hand the apps, and the server itself; each test reads only its own mail
 * (a sent mail is in `received` before the send resolves).
 */
export function useTestSmtp(): { mailer: Mailer; smtp: () => Awaited<ReturnType<typeof startTestSmtp>> } {
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(async () => smtp.stop());
  beforeEach(() => void smtp.received.splice(0));
  return { mailer: { sends: true, send: (mail) => smtp.mailer.send(mail) }, smtp: () => smtp };
}
