import type { PageData } from './$types';

/** One unit's weeks as the page gets them: a suppressed week carries no figures at all. */
export type Series = PageData['figures']['unit'];
export type Cell = Series['weeks'][number];
