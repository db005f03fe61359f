import type { Actions } from './$types';
import { RequestPasswordResetInput } from '$lib/server/auth/schema';
import { requestPasswordReset } from '$lib/server/auth/password-link';
import { runAction } from '$lib/server/form';

export const actions: Actions = {
  default: async (event) => {
    const { failure } = await runAction(event, RequestPasswordResetInput, (f) => f, (input) =>
      requestPasswordReset(event.locals.db, input.identifier, event.getClientAddress())
    );
    // The same answer whether or not such an account exists (or has an e-mail address).
    return failure ?? { sent: true };
  }
};
