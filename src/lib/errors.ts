/** Errors as a user meets them; shared by server and browser. */
export const ERROR_CODES = [
  'VALIDATION',
  'PARSE',
  'INPUT_TOO_DEEP',
  'INPUT_TOO_LARGE',
  'UNAUTHORIZED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'INTERNAL',
  'UNAVAILABLE',
  'LOGIN_FAILED',
  'LOGIN_LOCKED',
  'PHONE_TAKEN',
  'EMAIL_TAKEN',
  'NOT_A_COMMUNITY',
  'ORG_LEVEL',
  'ORG_NAME_TAKEN',
  'ORG_NOT_EMPTY',
  'ROLE_ALREADY_HELD',
  'ROLE_UNIT_LEVEL',
  'WRONG_PASSWORD',
  'SELF_REVOKE',
  'NOT_A_GRID',
  'NEGATIVE_LIST',
  'CALLOUT_TIMES',
  'START_IN_PAST',
  'CALLOUT_START_PASSED',
  'CALLOUT_NOT_EDITABLE',
  'CALLOUT_NOT_OPEN',
  'SIGNUP_CLOSED',
  'ALREADY_SIGNED_UP',
  'MISSING_SKILLS',
  'OVERLAPPING_SIGNUP',
  'NOT_SIGNED_UP',
  'WRONG_CODE',
  'SITE_CODE_LOCKED',
  'NOT_CHECK_IN_TIME',
  'ALREADY_CHECKED_IN',
  'NOT_CHECKED_IN',
  'ALREADY_CHECKED_OUT',
  'REASON_REQUIRED',
  'CALLOUT_NOT_COMPLETED',
  'ALREADY_RATED',
  'NOT_ATTENDED',
  'TEAM_NAME_TAKEN',
  'TEAM_SLOTS',
  'TEAM_ALREADY_MEMBER',
  'TEAM_INVITATION_PENDING',
  'TEAM_INVITATION_ANSWERED',
  'EVENT_TIMES',
  'THEME_DATES',
  'THEME_OVERLAP',
  'BOOTH_NAME_TAKEN',
  'BOOTH_STAFFED',
  'PAY_MISSING_INPUTS',
  'PAY_RUN_STATE',
  'PAY_FOUR_EYES',
  'PAY_MONTH_LOCKED',
  'PAY_RUN_EXISTS',
  'PAY_WORKER_IN_OTHER_RUN',
  'APPRAISAL_FUTURE',
  'APPRAISAL_EXISTS',
  'CERT_DATES',
  'UPLOAD_TYPE',
  'UPLOAD_TOO_LARGE',
  'SLOT_TAKEN',
  'COUNSELING_SLOT_UNAVAILABLE',
  'COUNSELING_NOTICE',
  'COUNSELING_HORIZON',
  'COUNSELING_LINK_INVALID',
  'COUNSELING_NOT_ACTIVE',
  'COUNSELING_NOT_STARTED',
  'PROMOTION_OWN_DECISION',
  'PROMOTION_STATE',
  'HONOUR_EXISTS',
  'CHECKIN_DONE',
  'PASSWORD_LINK_INVALID',
  'PASSWORD_LINK_USED',
  'PASSWORD_LINK_EXPIRED',
  'PASSWORD_ALREADY_SET',
  'NO_EMAIL'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface UserError {
  /** Stable key; tests and clients assert on it. */
  code: ErrorCode;
  /** One sentence in the caller's locale, safe to show as it is. */
  message: string;
  /** Per invalid input path, same locale. */
  fields?: Record<string, string>;
  /** Shown as 错误编号; matches the server log line. */
  requestId?: string;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Reads the UserError out of whatever a tRPC call threw. */
export function userErrorOf(err: unknown, fallback = '操作未完成，请稍后再试。'): UserError {
  const data = (err as { data?: { userError?: UserError } } | null)?.data;
  if (data?.userError) return data.userError;
  return { code: 'INTERNAL', message: fallback };
}
