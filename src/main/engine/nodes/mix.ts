/** Mix: reads every item's branch inputs back from the store and mixes them (src/shared/ddf/mix.ts). */
import { mixBranches, type MixBranch } from "../../../shared/ddf/mix";
import { branchPort, type MixConfig } from "../../../shared/nodes/kinds/mix";
import type { Value } from "../../../shared/values";
import type { AggregateExecutor } from "./types";

export const mixExecutor: AggregateExecutor<MixConfig> = {
  async run(config, ctx) {
    const branches: MixBranch[] = config.weights.map((weight, i) => ({ name: branchPort(i), weight, entries: [] }));
    for (const row of ctx.rows()) {
      branches.forEach((b) => {
        const value = row.values[b.name];
        if (value !== undefined && value !== null) b.entries.push({ itemId: row.itemId, index: row.seq, value });
      });
    }
    const result = mixBranches(branches, { total: config.total, dedupe: config.dedupe, dedupeField: config.dedupeField, seed: config.seed });
    const report = { counts: result.counts, rejected: result.rejected.slice(0, 100), rejectedTotal: result.rejected.length, warnings: result.warnings };
    // Samples are plain JSON (messages with image references); Value covers them.
    return { output: { samples: result.samples as unknown as Value, count: result.samples.length, report: report as unknown as Value } };
  },
};
