import nodemailer from 'nodemailer';
import type { Log } from '../log';

/** One plain-text message to one address. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The one-time link the message carries, for a mailer that cannot send it (printed instead). */
  link?: string;
}

/** Sends mail; `sends` is false for the stand-in used without SMTP, so callers can say "not mailed". */
export interface Mailer {
  readonly sends: boolean;
  send(mail: Mail): Promise<void>;
}

/** Mail through an SMTP server: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    sends: true,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}

/**
 * Without SMTP nothing is sent: the link is logged instead, so that a demo or a developer's
 * backend can still be used. This is the one place a link reaches the log, and only where
 * no mail could carry it; configure SMTP_URL in production.
 */
export function unsentMailer(log: Log): Mailer {
  return {
    sends: false,
    async send(mail) {
      log('mail not sent (no SMTP)', { subject: mail.subject, link: mail.link });
    },
  };
}
