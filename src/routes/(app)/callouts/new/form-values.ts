import type { CalloutCategory, Skill, Urgency } from '$lib/types';

/** What the callout form starts with when it edits a draft; times as datetime-local values in Beijing time. */
export interface CalloutFormValues {
  gridId: string;
  title: string;
  description: string;
  category: CalloutCategory;
  urgency: Urgency;
  place: string;
  startsAt: string;
  endsAt: string;
  slots: number;
  requiredSkills: Skill[];
  /** Empty: the default (computed from the start again on save). */
  signupDeadline: string;
  cancelDeadline: string;
}

/** A team reservation the form does not edit; it is sent back as it is so saving keeps it. */
export interface KeptReservation {
  teamId: string;
  teamName: string;
  teamSlots: number;
  /** Left out when it was the default, so it follows a moved start. */
  teamReleaseAt?: string;
}
