import { EDUCATION_LEVELS, type Education, type Locale } from '$lib/types';
import { translate } from '$lib/i18n';
import type { AppraisalResult, RuleCondition } from '../db/tables/career';

export interface WorkerFacts {
  appraisals: { year: number; result: AppraisalResult }[];
  education: Education | null;
  /** Types of verified certificates valid today. */
  certificateTypes: string[];
  hireDate: string;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  today: string;
}

export interface ConditionCheck {
  met: boolean;
  text: string;
}

export interface RuleVerdict {
  eligible: boolean;
  summary: string;
  checks: ConditionCheck[];
}

/** Consecutive years with `result`, counting back from the latest appraised year: a gap year breaks it. */
export function streak(appraisals: WorkerFacts['appraisals'], result: AppraisalResult): { years: number; from: number; to: number } {
  const byYear = new Map(appraisals.map((a) => [a.year, a.result]));
  const latest = Math.max(...appraisals.map((a) => a.year));
  let year = latest;
  while (byYear.get(year) === result) year--;
  return { years: latest - year, from: year + 1, to: latest };
}

/** Whole years between the hire date and today. */
export function yearsOfService(hireDate: string, today: string): number {
  const [hy, hm, hd] = hireDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - hy - (tm < hm || (tm === hm && td < hd) ? 1 : 0);
}

/**
 * Checks each condition of a rule against what is on record and says, in the person's language,
 * which hold and what is missing ("还差 1 年优秀"). Rules are data (promotion_rule), so any
 * combination of these condition kinds works without code.
 */
export function evaluateRule(
  rule: { targetPosition: string; conditions: RuleCondition[] },
  facts: WorkerFacts,
  names: { certificate: (code: string) => string },
  locale: Locale
): RuleVerdict {
  const say = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
  const checks = rule.conditions.map((c): ConditionCheck => {
    switch (c.kind) {
      case 'consecutive_rating': {
        const result = say(`career.result.${c.result}`);
        const s = facts.appraisals.length ? streak(facts.appraisals, c.result) : { years: 0, from: 0, to: 0 };
        return s.years >= c.years
          ? { met: true, text: say('career.cond.streakMet', { years: c.years, result, from: s.to - c.years + 1, to: s.to }) }
          : { met: false, text: say('career.cond.streakMissing', { years: c.years, result, have: s.years, missing: c.years - s.years }) };
      }
      case 'education_min': {
        const need = EDUCATION_LEVELS.indexOf(c.level as Education);
        const own = facts.education ? say(`education.${facts.education}`) : say('career.cond.educationUnknown');
        const level = say(`education.${c.level as Education}`);
        const met = facts.education !== null && EDUCATION_LEVELS.indexOf(facts.education) >= need;
        return { met, text: say(met ? 'career.cond.educationMet' : 'career.cond.educationMissing', { level, own }) };
      }
      case 'certificate': {
        const met = facts.certificateTypes.includes(c.typeCode);
        return { met, text: say(met ? 'career.cond.certificateMet' : 'career.cond.certificateMissing', { name: names.certificate(c.typeCode) }) };
      }
      case 'years_of_service': {
        const own = Math.max(0, yearsOfService(facts.hireDate, facts.today));
        return own >= c.years
          ? { met: true, text: say('career.cond.serviceMet', { years: c.years, own }) }
          : { met: false, text: say('career.cond.serviceMissing', { years: c.years, missing: c.years - own }) };
      }
    }
  });
  const eligible = checks.every((c) => c.met);
  return { eligible, checks, summary: say(eligible ? 'career.eligible' : 'career.notEligible', { target: rule.targetPosition }) };
}
