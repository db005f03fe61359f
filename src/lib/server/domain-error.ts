import type { ErrorCode } from '$lib/errors';
import type { MessageKey, Params } from '$lib/i18n';

/** An expected failure with a stable code; the tRPC edge turns it into a UserError in the caller's locale. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params?: Params,
    /** Field path → message key, for errors that belong to one input. */
    readonly fields?: Record<string, MessageKey>
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

/** PostgreSQL error codes we expect to meet from bad input that slipped past validation. */
export function pgErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function pgConstraint(err: unknown): string | undefined {
  const c = (err as { constraint?: unknown } | null)?.constraint;
  return typeof c === 'string' ? c : undefined;
}

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === '23505';

const LOST_CONNECTION = /Connection terminated|connection (?:is )?(?:closed|ended)|Client has encountered a connection error|terminating connection/i;

/**
 * The database cannot be reached (down, restarting, connection dropped): nothing the request did
 * wrong, so the caller is told to retry, not that something broke. Class 08 is "connection
 * exception", 57P01–57P03 are shutdown and "starting up".
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND)$/.test(code)) return true;
  return err instanceof Error && LOST_CONNECTION.test(err.message);
}
