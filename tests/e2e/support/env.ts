export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
];

/**
 * Always the embedded database with the demo city and the local demo mailbox, even when the shell
 * has DATABASE_URL or SMTP_URL set: browser tests must never write into a shared database.
 */
export const SERVER_ENV = { DATABASE_URL: '', SEED_DEMO: '1', SMTP_URL: '' };
