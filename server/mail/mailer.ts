import nodemailer from 'nodemailer';

/** One message as the SMTP server gets it. */
export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  attachments: Array<{ filename: string; content: Buffer | string; contentType: string }>;
  /** The invitation also as the message's calendar part (text/calendar; method=REQUEST), for mail clients. */
  ics: string;
}

/** Sends mail over SMTP (nodemailer). A rejected message throws with the server's answer. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** A mailer for SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS from the start). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments,
        icalEvent: { method: 'REQUEST', filename: 'invitasjon.ics', content: mail.ics },
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
