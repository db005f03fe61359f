import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { DomainError } from './domain-error';
import { userErrorOf } from './user-error';

/** Form fields as a plain object; repeated names (checkbox groups) become arrays. */
export function formObject(data: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(data.keys())) {
    const values = data.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = values.length > 1 ? values : (values[0] ?? '');
  }
  return out;
}

/**
 * Runs a form action's use case with the same schema the API uses. Expected failures come back as
 * fail(4xx) with the UserError and the entered values (never the password) to show again.
 */
export async function runAction<S extends z.ZodType, R>(
  event: RequestEvent,
  schema: S,
  prepare: (form: Record<string, string | string[]>) => unknown,
  useCase: (input: z.output<S>) => Promise<R>
) {
  const form = formObject(await event.request.formData());
  const { password: _p, currentPassword: _c, newPassword: _n, ...values } = form;
  const parsed = schema.safeParse(prepare(form));
  if (!parsed.success) {
    return { failure: fail(400, { error: userErrorOf(parsed.error, event.locals.locale, event.locals.requestId), values }) };
  }
  try {
    return { result: await useCase(parsed.data) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const status = err.code === 'LOGIN_LOCKED' ? 429 : err.code === 'FORBIDDEN' ? 403 : 400;
    return { failure: fail(status, { error: userErrorOf(err, event.locals.locale, event.locals.requestId), values }) };
  }
}
