/**
 * axe-core in the page: injects `axe.source` once per page load and runs every rule axe has on the whole
 * document. Critical and serious violations are returned (and the moderate ones #22 named); no rule is
 * switched off.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

export interface AxeProblem {
  rule: string;
  impact: string;
  count: number;
  /** The first few offending elements (CSS selectors) with axe's summary; for contrast, every colour pair. */
  examples: string[];
}

/**
 * Moderate rules that #22 named (two landmarks alike, no h1): held to the same bar as the critical and
 * serious ones.
 */
const NAMED_RULES = ["landmark-unique", "page-has-heading-one", "landmark-no-duplicate-banner", "landmark-no-duplicate-main", "landmark-one-main"];

/** Runs axe-core on the page as it is now; returns the critical and serious violations. */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') refuses an inline <script>.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof import("axe-core") };
    const r = await w.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? "unknown",
      count: v.nodes.length,
      examples: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 220)}`),
      // For contrast: each distinct colour pair once, with its ratio and the first element showing it.
      pairs: v.id !== "color-contrast" ? [] : [...new Map(v.nodes.map((n) => {
        const d = (n.any[0]?.data ?? {}) as { fgColor?: string; bgColor?: string; contrastRatio?: number };
        return [`${d.fgColor} on ${d.bgColor}`, `${d.fgColor} on ${d.bgColor} (${d.contrastRatio}:1) e.g. ${n.target.join(" ")}`] as const;
      })).values()],
    }));
  });
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious" || NAMED_RULES.includes(v.rule))
    .map(({ pairs, ...v }) => ({ ...v, examples: pairs.length ? pairs : v.examples }));
}

/** "color-contrast (serious) ×12: … | region (critical) ×1: …": what broke, for a failure message. */
export function describeProblems(view: string, problems: AxeProblem[]): string {
  if (problems.length === 0) return `${view}: no critical or serious violation`;
  const lines = problems.map((p) => `  ${p.rule} (${p.impact}) ×${p.count}\n${p.examples.map((e) => `      ${e}`).join("\n")}`);
  return `${view}: ${problems.map((p) => `${p.rule}×${p.count}`).join(", ")}\n${lines.join("\n")}`;
}

/**
 * axe in the light and the dark theme (the page follows the colour scheme), back to light after: each theme's
 * problems described (describeProblems); empty when there are none. `screenshot(theme)` is taken before axe runs.
 */
export async function axeBothThemes(page: Page, view: string, screenshot?: (theme: "light" | "dark") => Promise<unknown>): Promise<string[]> {
  const failures: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    // Let transitions of colours settle before axe reads computed styles.
    await page.waitForTimeout(300);
    await screenshot?.(theme);
    const problems = await axeProblems(page);
    if (problems.length > 0) failures.push(describeProblems(`${view} (${theme})`, problems));
  }
  await page.emulateMedia({ colorScheme: "light" });
  return failures;
}
