import type { Locale, OrgLevel, Role } from '$lib/types';

export interface ActorMembership {
  id: string;
  role: Role;
  orgUnitId: string;
  unitPath: string;
  unitLevel: OrgLevel;
  unitName: string;
}

/** The signed-in person as every service sees them. */
export interface Actor {
  userId: string;
  name: string;
  locale: Locale;
  sessionId: string;
  memberships: ActorMembership[];
  /** Has an employment record, now or in the past: their payslips stay theirs after the role ends. */
  hasWorkerRecord: boolean;
}
