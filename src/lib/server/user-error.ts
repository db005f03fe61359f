import type { TRPCError } from '@trpc/server';
import type { ErrorCode, UserError } from '$lib/errors';
import { isMessageKey, translate, type Locale, type MessageKey, type Params } from '$lib/i18n';
import { DomainError, pgErrorCode } from './domain-error';

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  expected?: string;
}

const TRPC_TO_CODE: Partial<Record<TRPCError['code'], ErrorCode>> = {
  PARSE_ERROR: 'PARSE',
  BAD_REQUEST: 'VALIDATION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'PARSE',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'VALIDATION',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS'
};

/** One zod issue → one sentence. Schemas give message keys; zod's own English never reaches a user. */
function issueMessage(issue: Issue, locale: Locale): string {
  if (isMessageKey(issue.message)) return translate(locale, issue.message);
  const isText = issue.origin === 'string';
  const isList = issue.origin === 'array' || issue.origin === 'set';
  let key: MessageKey = 'validation.invalid';
  let params: Params | undefined;
  switch (issue.code) {
    case 'invalid_type':
      key = /received undefined|received null/.test(issue.message) ? 'validation.required'
        : issue.expected === 'number' || issue.expected === 'int' ? 'validation.number' : 'validation.invalid';
      break;
    case 'too_small':
      if (isText && Number(issue.minimum) === 1) key = 'validation.required';
      else if (isText) [key, params] = ['validation.tooShort', { min: Number(issue.minimum) }];
      else if (isList) [key, params] = ['validation.tooFew', { min: Number(issue.minimum) }];
      break;
    case 'too_big':
      if (isText) [key, params] = ['validation.tooLong', { max: Number(issue.maximum) }];
      else if (isList) [key, params] = ['validation.tooMany', { max: Number(issue.maximum) }];
      break;
    case 'invalid_format':
      key = issue.format === 'email' ? 'validation.email' : issue.format === 'uuid' ? 'validation.id' : 'validation.invalid';
      break;
    case 'invalid_value':
    case 'invalid_union':
      key = 'validation.choice';
      break;
  }
  return translate(locale, key, params);
}

function issuesOf(cause: unknown): Issue[] | undefined {
  const issues = (cause as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]) : undefined;
}

export function toUserError(error: TRPCError, locale: Locale, requestId?: string): UserError {
  return userErrorOf(error.cause, locale, requestId, TRPC_TO_CODE[error.code] ?? 'INTERNAL');
}

/** What a user is told about a failure: a DomainError or validation issues in their words, else `fallback`. */
export function userErrorOf(cause: unknown, locale: Locale, requestId?: string, fallback: ErrorCode = 'INTERNAL'): UserError {
  if (cause instanceof DomainError) {
    // A parameter that is itself a message key (a rule's name) is said in the caller's language too.
    const params = cause.params && Object.fromEntries(Object.entries(cause.params).map(([k, v]) => [k, isMessageKey(v) ? translate(locale, v) : v]));
    const fields = cause.fields
      ? Object.fromEntries(Object.entries(cause.fields).map(([f, k]) => [f, translate(locale, k, params)]))
      : undefined;
    return { code: cause.code, message: translate(locale, `error.${cause.code}`, params), fields, requestId };
  }
  // A body that is not JSON at all.
  if (cause instanceof SyntaxError) return { code: 'PARSE', message: translate(locale, 'error.PARSE'), requestId };
  const issues = issuesOf(cause);
  if (issues) {
    const fields: Record<string, string> = {};
    for (const issue of issues) {
      const path = issue.path.map(String).join('.') || '_';
      fields[path] ??= issueMessage(issue, locale);
    }
    return { code: 'VALIDATION', message: translate(locale, 'error.VALIDATION'), fields, requestId };
  }
  if (pgErrorCode(cause)) {
    const code: ErrorCode = pgErrorCode(cause) === '23505' ? 'CONFLICT' : 'VALIDATION';
    return { code, message: translate(locale, `error.${code}`), requestId };
  }
  return { code: fallback, message: translate(locale, `error.${fallback}`), requestId };
}
