/**
 * cascade export <run> --node ID --out FILE: writes an export node's file again from a stored run, with the
 * same formatter and image handling as the run's export executor (src/main/engine/nodes/export.ts). Relative
 * image paths resolve against the run's pipeline folder (recorded with the run) or --base-dir.
 */
import { resolve } from "node:path";
import { ExportConfigSchema } from "../../../shared/nodes/kinds/export";
import { aggregateRows } from "../../engine/afterPhase";
import { exportRows } from "../../engine/nodes/export";
import { buildPlan } from "../../engine/plan";
import type { RunContext } from "../../engine/runContext";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { resolveRunArg } from "../runArg";
import { parseCommandArgs, UsageError } from "../command";

export const exportCommand: Command = {
  ...COMMAND_INFO.export,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      node: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      "base-dir": { type: "string" },
      db: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError("name one run (its id or a unique prefix; see `cascade runs`)");
    if (!values.node) throw new UsageError("--node names the export node");
    if (!values.out) throw new UsageError("--out names the file to write");
    const store = openCliStore(values.db, "read");
    try {
      const runId = resolveRunArg(store, positionals[0]);
      const run = store.runs.get(runId);
      const node = run.doc.nodes.find((n) => n.id === values.node);
      if (!node) throw new UsageError(`run ${runId} has no node "${values.node}" (nodes: ${run.doc.nodes.map((n) => n.id).join(", ")})`);
      if (node.kind !== "export") throw new UsageError(`node "${node.id}" is a ${node.kind} node, not an export node`);
      const parsed = ExportConfigSchema.safeParse({ ...node.config, ...(values.format ? { format: values.format } : {}) });
      if (!parsed.success) throw new UsageError(`export ${node.id}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ")}`);
      // --out replaces the node's outPath (pipelines keep relative paths; the file given here may be anywhere).
      const config = { ...parsed.data, outPath: resolve(values.out) };
      const baseDir = values["base-dir"] ? resolve(values["base-dir"]) : (store.runMeta.baseDir(runId) ?? process.cwd());
      const plan = buildPlan(run.doc);
      const pn = plan.byId.get(node.id);
      if (!pn) throw new UsageError(`export ${node.id}: not part of the run's plan`);
      // aggregateRows reads the stored results of this run, exactly as the run's own export did.
      const rows = aggregateRows({ runId, plan, store } as Pick<RunContext, "runId" | "plan" | "store"> as RunContext, pn);
      const { output } = await exportRows(config, rows, { doc: run.doc, baseDir, nodeId: node.id });
      const report = output.report as { skippedTotal: number; imagesCopied: number; imagesEmbedded?: number };
      const images = report.imagesCopied ? ` (${report.imagesCopied} images copied)` : report.imagesEmbedded ? ` (${report.imagesEmbedded} images embedded)` : "";
      io.out(`wrote ${output.records} record${output.records === 1 ? "" : "s"} to ${output.path}${images}${report.skippedTotal ? `; ${report.skippedTotal} skipped` : ""}`);
      return 0;
    } finally {
      store.close();
    }
  },
};
