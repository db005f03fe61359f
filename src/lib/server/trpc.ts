import { initTRPC, TRPCError } from '@trpc/server';
import type { Cookies } from '@sveltejs/kit';
import type { Locale, Role } from '$lib/types';
import type { Actor } from './auth/actor';
import type { Db } from './db/connect';
import { DomainError, isDatabaseUnavailable, pgErrorCode } from './domain-error';
import { toUserError } from './user-error';
import { hasRole } from './org/scope';
import { nulField } from './nul-field';

export interface Context {
  db: Db;
  actor: Actor | null;
  /** The request carried a session cookie whose session has ended: say so rather than "please log in". */
  sessionExpired?: boolean;
  /** The session could not be checked because the database is unreachable: every call answers 503. */
  databaseUnavailable?: boolean;
  locale: Locale;
  requestId: string;
  ip: string;
  /** Present over HTTP; procedures that sign in or out set the session cookie through it. */
  cookies?: Cookies;
  secureCookies?: boolean;
}

/** Who may call a procedure: everyone, anyone signed in, or the listed roles (then scope is checked in the service). */
export type Access = 'public' | 'authed' | readonly Role[];
export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const userError = toUserError(error, ctx?.locale ?? 'zh-CN', ctx?.requestId);
      return {
        code: shape.code,
        message: userError.message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, userError }
      };
    }
  });

const DOMAIN_TO_TRPC: Partial<Record<DomainError['code'], TRPCError['code']>> = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  SESSION_EXPIRED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  LOGIN_LOCKED: 'TOO_MANY_REQUESTS',
  SITE_CODE_LOCKED: 'TOO_MANY_REQUESTS',
  LOGIN_FAILED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  PHONE_TAKEN: 'CONFLICT',
  EMAIL_TAKEN: 'CONFLICT',
  ORG_NAME_TAKEN: 'CONFLICT',
  ROLE_ALREADY_HELD: 'CONFLICT',
  ALREADY_SIGNED_UP: 'CONFLICT',
  TEAM_ALREADY_MEMBER: 'CONFLICT',
  TEAM_INVITATION_PENDING: 'CONFLICT',
  TEAM_INVITATION_ANSWERED: 'CONFLICT',
  ALREADY_RATED: 'CONFLICT',
  ALREADY_CHECKED_IN: 'CONFLICT',
  ALREADY_CHECKED_OUT: 'CONFLICT',
  THEME_OVERLAP: 'CONFLICT',
  BOOTH_NAME_TAKEN: 'CONFLICT',
  BOOTH_STAFFED: 'CONFLICT',
  PAY_FOUR_EYES: 'FORBIDDEN',
  PAY_RUN_EXISTS: 'CONFLICT',
  PAY_WORKER_IN_OTHER_RUN: 'CONFLICT',
  PAY_MONTH_LOCKED: 'CONFLICT',
  PAY_RUN_STATE: 'CONFLICT',
  APPRAISAL_EXISTS: 'CONFLICT',
  HONOUR_EXISTS: 'CONFLICT',
  SLOT_TAKEN: 'CONFLICT',
  COUNSELING_NOT_ACTIVE: 'CONFLICT',
  CHECKIN_DONE: 'CONFLICT',
  PROMOTION_OWN_DECISION: 'FORBIDDEN',
  PROMOTION_STATE: 'CONFLICT',
  UPLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE'
};

/** Domain errors and bad data the database refused become 4xx answers; everything else stays a 500. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (isDatabaseUnavailable(cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', cause: new DomainError('UNAVAILABLE') });
  }
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: DOMAIN_TO_TRPC[cause.code] ?? 'BAD_REQUEST', cause });
  }
  const pgCode = pgErrorCode(cause);
  if (pgCode?.startsWith('22') || pgCode?.startsWith('23')) {
    throw new TRPCError({ code: pgCode === '23505' ? 'CONFLICT' : 'BAD_REQUEST', cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** PostgreSQL text cannot hold U+0000: name the field rather than let the database refuse the whole call. */
const refuseNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  const field = nulField(await getRawInput());
  if (field !== undefined) throw new DomainError('VALIDATION', undefined, { [field]: 'validation.nulCharacter' });
  return next();
});

const base = t.procedure
  .use(mapErrors)
  .use(({ ctx, next }) => {
    if (ctx.databaseUnavailable) throw new DomainError('UNAVAILABLE');
    return next();
  })
  .use(refuseNulCharacters);

export const publicProcedure = base.meta({ access: 'public' });

export const authed = base.meta({ access: 'authed' }).use(({ ctx, next }) => {
  if (!ctx.actor) throw new DomainError(ctx.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHORIZED');
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Role check at the edge; the service then checks that the unit touched lies in the actor's scope. */
export function withRoles(...roles: Role[]) {
  return authed.meta({ access: roles }).use(({ ctx, next }) => {
    if (!hasRole(ctx.actor, roles)) throw new TRPCError({ code: 'FORBIDDEN' });
    return next();
  });
}
