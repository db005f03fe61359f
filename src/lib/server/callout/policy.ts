import type { Role } from '$lib/types';
import type { Actor } from '../auth/actor';
import { covers } from '../org/scope';

/** Who posts and runs callouts in a grid: its grid worker, and admins above it. */
export const MANAGERS: readonly Role[] = ['grid_worker', 'admin'];

export const canManage = (actor: Actor, gridPath: string) => covers(actor, MANAGERS, gridPath);

/** A volunteer reaches the callouts of their home community's grids; managers reach what they run. */
export const canSee = (actor: Actor, gridPath: string) => covers(actor, ['volunteer', ...MANAGERS, 'hr'], gridPath);

/**
 * Whether the callout exists for the actor at all: in their reach, and a draft only for those who
 * run it. Everything a volunteer does to a callout asks this first, so a callout out of reach
 * answers NOT_FOUND exactly as an id that was never issued.
 */
export const isVisible = (actor: Actor, callout: { gridPath: string; status: string }) =>
  canSee(actor, callout.gridPath) && (callout.status !== 'draft' || canManage(actor, callout.gridPath));

export const canSignUp = (actor: Actor, gridPath: string) => covers(actor, ['volunteer'], gridPath);

/** What the volunteer lacks of the callout's required skills. */
export function missingSkills(required: readonly string[], has: readonly string[]): string[] {
  return required.filter((s) => !has.includes(s));
}
