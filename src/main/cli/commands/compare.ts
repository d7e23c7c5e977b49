/** cascade compare: two or more runs side by side, with the paired significance of the accuracy difference. */
import { compareRuns, UNSCORED_POLICIES, type CompareOptions, type UnscoredPolicy } from "../../../shared/compare";
import { loadRunForCompare } from "../../compare/loadRunForCompare";
import { compareRepeats, repeatLines } from "../../compare/repeatPairs";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { formatComparison } from "./compareReport";

export { formatComparison } from "./compareReport";

function numberOption(name: string, text: string | undefined, ok: (v: number) => boolean, hint: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || !ok(v)) throw new UsageError(`--${name} ${text}: ${hint}`);
  return v;
}

export const compareCommand: Command = {
  ...COMMAND_INFO.compare,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      node: { type: "string" },
      db: { type: "string" },
      json: { type: "boolean" },
      baseline: { type: "string" },
      by: { type: "string", multiple: true },
      unscored: { type: "string" },
      level: { type: "string" },
      seed: { type: "string" },
      resamples: { type: "string" },
    });
    if (positionals.length < 2) throw new UsageError("name at least two runs (ids or unique prefixes; see `cascade runs`)");
    if (values.unscored !== undefined && !(UNSCORED_POLICIES as readonly string[]).includes(values.unscored)) {
      throw new UsageError(`--unscored ${values.unscored}: use "exclude" (leave never-scored items out, the default) or "wrong" (count them as wrong)`);
    }
    const opts: CompareOptions = {
      unscored: values.unscored as UnscoredPolicy | undefined,
      level: numberOption("level", values.level, (v) => v > 0 && v < 1, "the confidence level is a number between 0 and 1, e.g. 0.95"),
      seed: numberOption("seed", values.seed, (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32, "the seed is a whole number from 0 to 4294967295"),
      resamples: values.resamples === "auto" ? "auto" : numberOption("resamples", values.resamples, (v) => Number.isInteger(v) && v >= 100 && v <= 10_000_000, 'give a whole number of resamples from 100 to 10,000,000, or "auto"'),
      by: values.by,
    };
    const store = openCliStore(values.db, "read");
    try {
      const runs = positionals.map((id) => loadRunForCompare(store, id, values.node, values.by ?? []));
      if (values.baseline !== undefined) opts.baseline = store.runs.resolveId(values.baseline);
      if (opts.baseline !== undefined && !runs.some((r) => r.id === opts.baseline)) throw new UsageError(`--baseline ${values.baseline}: name one of the compared runs`);
      const result = compareRuns(runs, opts);
      const repeats = compareRepeats(store, result, values.node, opts);
      if (values.json) io.out(JSON.stringify(repeats ? { ...result, repeats } : result, null, 2));
      else for (const line of [...formatComparison(result), ...(repeats ? repeatLines(repeats, [result.runs[0].key, result.runs[1].key]) : [])]) io.out(line);
      for (const w of result.warnings) if (values.json) io.err(`cascade compare: ${w}`);
      return 0;
    } finally {
      store.close();
    }
  },
};
