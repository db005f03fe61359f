import { authed, publicProcedure, router } from '../trpc';
import { ChangePasswordInput, LocaleInput, LoginInput, RegisterInput, RequestPasswordResetInput, SetPasswordWithLinkInput } from './schema';
import { requestPasswordReset, setPasswordWithLink } from './password-link';
import * as auth from './service';
import { clearSessionCookie, invalidateSession, setSessionCookie } from './session';
import type { Context } from '../trpc';

function startSession(ctx: Context, session: auth.NewSession) {
  if (ctx.cookies) setSessionCookie(ctx.cookies, session.token, session.expiresAt, ctx.secureCookies ?? false);
  return { userId: session.userId, expiresAt: session.expiresAt.toISOString() };
}

export const authRouter = router({
  register: publicProcedure
    .input(RegisterInput)
    .mutation(async ({ ctx, input }) =>
      startSession(ctx, await auth.register(ctx.db, input, { locale: ctx.locale, requestId: ctx.requestId }))
    ),
  login: publicProcedure
    .input(LoginInput)
    .mutation(async ({ ctx, input }) => {
      const session = await auth.login(ctx.db, input, ctx.ip);
      // A new session on every login; the one this browser had before ends (no fixation).
      if (ctx.actor) await invalidateSession(ctx.db, ctx.actor.sessionId);
      return startSession(ctx, session);
    }),
  logout: authed.mutation(async ({ ctx }) => {
    await invalidateSession(ctx.db, ctx.actor.sessionId);
    if (ctx.cookies) clearSessionCookie(ctx.cookies, ctx.secureCookies ?? false);
    return { ok: true };
  }),
  me: authed.query(({ ctx }) => ({
    userId: ctx.actor.userId,
    name: ctx.actor.name,
    locale: ctx.actor.locale,
    memberships: ctx.actor.memberships.map(({ id, role, orgUnitId, unitName, unitLevel }) => ({ id, role, orgUnitId, unitName, unitLevel }))
  })),
  changePassword: authed.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    await auth.changePassword(ctx.db, ctx.actor, input);
    return { ok: true };
  }),
  /** The same answer whether or not the account exists or has an e-mail address: it reveals nothing. */
  requestPasswordReset: publicProcedure.input(RequestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await requestPasswordReset(ctx.db, input.identifier, ctx.ip);
    return { ok: true };
  }),
  /** The token of an invite or reset mail is the credential; on success the person is signed in here. */
  setPasswordWithLink: publicProcedure.input(SetPasswordWithLinkInput).mutation(async ({ ctx, input }) => {
    const session = await setPasswordWithLink(ctx.db, input, ctx.requestId);
    if (ctx.actor) await invalidateSession(ctx.db, ctx.actor.sessionId);
    return startSession(ctx, session);
  }),
  /** Remembers the language in a cookie (and on the account when signed in). */
  setLocale: publicProcedure.input(LocaleInput).mutation(async ({ ctx, input }) => {
    ctx.cookies?.set('gc_locale', input, { path: '/', httpOnly: false, sameSite: 'lax', secure: ctx.secureCookies ?? false, maxAge: 365 * 86400 });
    if (ctx.actor) await ctx.db.updateTable('appUser').set({ locale: input }).where('id', '=', ctx.actor.userId).execute();
    return { locale: input };
  })
});
