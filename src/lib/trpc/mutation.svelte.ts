import { invalidateAll } from '$app/navigation';
import { userErrorOf, type UserError } from '$lib/errors';
import { t } from '$lib/i18n/page';

/**
 * One form's round trip to the server: `pending` while it runs, the UserError when it fails,
 * fresh page data after it succeeds (reload, don't patch local copies).
 */
export function mutation() {
  let pending = $state(false);
  let error = $state<UserError | null>(null);

  return {
    get pending() {
      return pending;
    },
    get error() {
      return error;
    },
    /** The message for one input; errors on array items ("skills.3") belong to the whole input. */
    field(name: string): string | undefined {
      const fields = error?.fields;
      if (!fields) return undefined;
      return fields[name] ?? Object.entries(fields).find(([path]) => path.startsWith(`${name}.`))?.[1];
    },
    clear() {
      error = null;
    },
    async run(task: () => Promise<unknown>, reload = true): Promise<boolean> {
      pending = true;
      error = null;
      try {
        await task();
        if (reload) await invalidateAll();
        return true;
      } catch (err) {
        error = userErrorOf(err, t('error.INTERNAL'));
        return false;
      } finally {
        pending = false;
      }
    }
  };
}
