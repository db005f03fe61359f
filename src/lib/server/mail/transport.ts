import nodemailer from 'nodemailer';
import type { Db } from '../db/connect';

export interface MailToSend {
  messageId: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  ics?: string | null;
  icsMethod?: string | null;
}

export interface MailTransport {
  send(mail: MailToSend): Promise<void>;
  close(): void;
}

export const MAIL_FROM = process.env.MAIL_FROM ?? '网格通 <noreply@gridcall.local>';

function message(mail: MailToSend) {
  return {
    from: MAIL_FROM,
    to: mail.toAddress,
    subject: mail.subject,
    text: mail.textBody,
    html: mail.htmlBody ?? undefined,
    icalEvent: mail.ics ? { method: mail.icsMethod ?? 'PUBLISH', content: mail.ics, filename: 'invite.ics' } : undefined,
    // The outbox's own id: a resend after a crash is the same message to the receiving side.
    messageId: mail.messageId
  };
}

/** Pooled: one connection carries many mails (a new connection per mail is ~30× slower). `?pool=false` in the URL opts out. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, pool: true });
  return {
    send: async (mail) => {
      await transporter.sendMail(message(mail));
    },
    close: () => transporter.close()
  };
}

/** The demo's "mail server": the rendered message lands in mailbox_message, which admins read in the portal. */
export function mailboxTransport(db: Db): MailTransport {
  const renderer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (mail) => {
      const info = await renderer.sendMail(message(mail));
      const raw = (info.message as Buffer).toString('utf8');
      await db
        .insertInto('mailboxMessage')
        .values({ messageId: mail.messageId, toAddress: mail.toAddress, subject: mail.subject, textBody: mail.textBody, raw })
        .execute();
    },
    close: () => renderer.close()
  };
}

export function transportFromEnv(db: Db, env: NodeJS.ProcessEnv = process.env): MailTransport {
  return env.SMTP_URL ? smtpTransport(env.SMTP_URL) : mailboxTransport(db);
}
