import type { CalloutCategory, Urgency } from '$lib/types';
import type { CalloutStatus } from '$lib/server/db/types';

/** What a callout card and the detail page both show; list rows and the detail both have it. */
export interface ShownCallout {
  id: string;
  title: string;
  category: CalloutCategory;
  urgency: Urgency;
  startsAt: Date;
  endsAt: Date;
  place: string;
  gridName: string;
  slots: number;
  confirmedCount: number;
  status: CalloutStatus;
}

export const placesLeft = (c: Pick<ShownCallout, 'slots' | 'confirmedCount'>) => Math.max(0, c.slots - c.confirmedCount);
