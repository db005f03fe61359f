import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const RUN_ONLY = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations.
 * The source goes in through the DevTools protocol, which the pages' strict CSP (script hashes
 * only) does not govern, so the page is checked under its real CSP rather than with it turned off.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async (runOnly) => {
    const { axe: injected } = window as unknown as { axe: typeof axe };
    const results = await injected.run(document, { runOnly });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, RUN_ONLY);
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) => `  ${f.id} (${f.impact}): ${f.help}\n${f.targets.map((t) => `    - ${t}`).join('\n')}`)
    .join('\n');
}

/** Fails with rule id, impact and the target selectors of every serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const findings = await seriousViolations(page);
  if (findings.length) {
    throw new Error(`axe-core: ${findings.length} serious or critical violation(s) on ${what} (${page.url()}):\n${describeFindings(findings)}`);
  }
}
