/**
 * Small-group suppression with complementary suppression.
 *
 * A cell is a count with sums (answers, WHO-5 total, …). A relation says one cell is the sum of
 * others: a street's week = its communities' weeks; a unit's period = its weeks. A cell with fewer
 * than MIN_GROUP answers is suppressed; then, as long as some relation has exactly one suppressed
 * term (which its published terms would give away by subtraction), the smallest published non-empty
 * term of that relation is suppressed too. Repeats until no relation has a lone suppressed term.
 * Empty cells (no answers at all) stay published as empty: they reveal nobody.
 */
export const MIN_GROUP = 5;

export interface Relation {
  total: string;
  parts: string[];
}

export function suppress(counts: Map<string, number>, relations: Relation[]): Set<string> {
  const hidden = new Set([...counts].filter(([, n]) => n > 0 && n < MIN_GROUP).map(([key]) => key));
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of relations) {
      const terms = [r.total, ...r.parts];
      const lone = terms.filter((t) => hidden.has(t));
      if (lone.length !== 1) continue;
      const cover = terms
        .filter((t) => !hidden.has(t) && (counts.get(t) ?? 0) > 0)
        .sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b))[0];
      if (cover) {
        hidden.add(cover);
        changed = true;
      }
    }
  }
  return hidden;
}

/**
 * For tests and audits: the suppressed cells some relation would give away, i.e. relations with
 * exactly one unknown term whose other terms are all published.
 */
export function recoverable(hidden: Set<string>, relations: Relation[]): string[] {
  return relations.flatMap((r) => {
    const unknown = [r.total, ...r.parts].filter((t) => hidden.has(t));
    return unknown.length === 1 ? unknown : [];
  });
}
