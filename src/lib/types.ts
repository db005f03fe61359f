/** Words of the domain shared by server and browser. */
export const ROLES = ['volunteer', 'grid_worker', 'hr', 'counselor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const EDUCATION_LEVELS = ['junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctorate'] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

export const SKILLS = [
  'policy', 'first_aid', 'counseling', 'legal', 'medical', 'repair',
  'photo', 'driving', 'language', 'sign_language', 'mediation', 'it'
] as const;
export type Skill = (typeof SKILLS)[number];

/** The level directly below each level of the org tree. */
export const CHILD_LEVEL: Record<OrgLevel, OrgLevel | null> = {
  city: 'district',
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null
};

/** Kinds of volunteer work (DESIGN A). */
export const CALLOUT_CATEGORIES = ['policy', 'patrol', 'elderly', 'mediation', 'emergency', 'civility', 'event_support', 'other'] as const;
export type CalloutCategory = (typeof CALLOUT_CATEGORIES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** source 3.1: volunteers never do administrative enforcement, forced demolition or economic-dispute handling. */
export const NEGATIVE_RULES = ['law_enforcement', 'demolition', 'economic_dispute'] as const;
export type NegativeRule = (typeof NEGATIVE_RULES)[number];

/** What the one calendar shows; each can be filtered out. */
export const CALENDAR_KINDS = ['theme', 'event', 'callout', 'signup', 'booking'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
