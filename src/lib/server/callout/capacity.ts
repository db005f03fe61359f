import type { Db } from '../db/connect';
import { teamConfirmed } from './queries';

interface Places {
  id: string;
  slots: number;
  confirmedCount: number;
  teamId: string | null;
  teamSlots: number;
  teamReleaseAt: Date | null;
}

/** Reserved places the team has not taken yet; after the release time they belong to everyone. */
export function heldForTeam(c: Places, teamTaken: number, now = Date.now()): number {
  if (!c.teamId || (c.teamReleaseAt && now >= c.teamReleaseAt.getTime())) return 0;
  return Math.max(0, c.teamSlots - teamTaken);
}

/** Free places for anyone, and free places for the team's members (reserved plus general). Read under the callout lock. */
export async function freePlaces(db: Db, c: Places): Promise<{ general: number; team: number }> {
  const taken = c.teamId ? await teamConfirmed(db, c.id, c.teamId) : 0;
  const held = heldForTeam(c, taken);
  const general = Math.max(0, c.slots - c.confirmedCount - held);
  return { general, team: held + general };
}
