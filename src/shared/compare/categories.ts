/**
 * Accuracy per value of a dataset column (answer type, source, skill …), each run's with its interval, as
 * MathVista reports by question type, answer type, source and skill. Items never scored are handled as for the
 * overall accuracy (left out by default, counted apart).
 */
import { accuracyOf } from "./nodeMetrics";
import type { ItemOutcome, PairingOptions } from "./pairing";
import type { CategoryBreakdown, RunForCompare } from "./types";

/** The text used for an item without a value in the column. */
export const NO_VALUE = "(no value)";

const collator = new Intl.Collator("en", { numeric: true });

/** One column's breakdown: a row per value any run has, in natural order ("2" before "10"). */
export function categoryBreakdown(runs: readonly RunForCompare[], column: string, opts: PairingOptions, level: number): CategoryBreakdown {
  const groups = runs.map((run) => {
    const byValue = new Map<string, ItemOutcome[]>();
    for (const o of run.items) {
      const v = o.categories?.[column] || NO_VALUE;
      const list = byValue.get(v);
      if (list) list.push(o);
      else byValue.set(v, [o]);
    }
    return byValue;
  });
  const values = [...new Set(groups.flatMap((g) => [...g.keys()]))].sort((x, y) => (x === NO_VALUE ? 1 : y === NO_VALUE ? -1 : collator.compare(x, y)));
  return {
    column,
    rows: values.map((value) => ({ value, accuracy: runs.map((run, i) => accuracyOf(run.id, groups[i].get(value) ?? [], opts, level)) })),
  };
}
