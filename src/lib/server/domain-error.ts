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
