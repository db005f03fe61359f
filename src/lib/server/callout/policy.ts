import type { Role } from '$lib/types';
import type { Actor } from '../auth/actor';
import { covers } from '../org/scope';

/** Who posts and runs callouts in a grid: its grid worker, and admins above it. */
export const MANAGERS: readonly Role[] = ['grid_worker', 'admin'];

export const canManage = (actor: Actor, gridPath: string) => covers(actor, MANAGERS, gridPath);

/** A volunteer reaches the callouts of their home community's grids; managers reach what they run. */
export const canSee = (actor: Actor, gridPath: string) => covers(actor, ['volunteer', ...MANAGERS, 'hr'], gridPath);

export const canSignUp = (actor: Actor, gridPath: string) => covers(actor, ['volunteer'], gridPath);

/** What the volunteer lacks of the callout's required skills. */
export function missingSkills(required: readonly string[], has: readonly string[]): string[] {
  return required.filter((s) => !has.includes(s));
}
