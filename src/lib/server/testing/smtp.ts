import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface SmtpSink {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Make the next n messages fail with a temporary error (451). */
  failNext(n: number): void;
  /** Wait this long before accepting each message (to catch a sender mid-delivery). */
  delayMs: number;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, parsed. */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  let failures = 0;
  const sink: SmtpSink = {
    url: '',
    port: 0,
    received: [],
    delayMs: 0,
    failNext: (n) => (failures = n),
    waitFor: async (count, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (sink.received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${sink.received.length} of ${count} mails arrived`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((res) => server.close(() => res()))
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (sink.delayMs) await new Promise((r) => setTimeout(r, sink.delayMs));
          if (failures > 0) {
            failures--;
            const err = Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 });
            return callback(err);
          }
          sink.received.push(mail);
          callback();
        })
        .catch(callback);
    }
  });
  // A sender killed mid-message resets its connection; that is the point of some tests, not a failure.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET') console.error('[smtp sink]', err);
  });
  await new Promise<void>((res) => server.listen(port, '127.0.0.1', () => res()));
  sink.port = (server.server.address() as { port: number }).port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  return sink;
}
