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
 * Without SMTP nothing is sent, and the log says so without the link: a one-time link in a
 * log would open the account to whoever reads the log. Configure SMTP_URL in production.
 */
export function unsentMailer(log: Log): Mailer {
  return {
    sends: false,
    async send(mail) {
      log('mail not sent (no SMTP)', { subject: mail.subject });
    },
  };
}

/**
 * The demo's stand-in (`npm start` without SMTP): the message is printed on the terminal of
 * the person running the demo, link included, never written to the log.
 */
export function printingMailer(print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Mailer {
  return {
    sends: false,
    async send(mail) {
      print(`\n  Mail to ${mail.to} (no SMTP, so printed here): ${mail.subject}\n    ${mail.link ?? mail.text}\n`);
    },
  };
}
