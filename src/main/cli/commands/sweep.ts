/**
 * cascade sweep <pipeline.json>: runs the pipeline once per cell of an experiment (axes from --axis or the
 * document's experiment section), prints the preview, the results matrix, the paired tests between all
 * cells and the best cell. Exit 0 done, 1 a cell had errors or failed, 2 usage/definition error, 3 stopped
 * at --max-calls/--max-cost (finished cells kept), 130 SIGINT.
 */
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { axesOfExperiment, ExperimentError, parseAxisArgument, type AxisSpec } from "../../../shared/experiment/axes";
import { expandCells, cellName } from "../../../shared/experiment/cells";
import { experimentMatrix } from "../../../shared/experiment/matrix";
import { scheduleCells } from "../../../shared/experiment/schedule";
import { ExperimentSchema } from "../../../shared/experiment/schema";
import { formatRunId } from "../../../shared/runId";
import { loadRunForCompare } from "../../compare/loadRunForCompare";
import { environmentProblems } from "../../engine/environmentCheck";
import { checkModelsAnswer } from "../../engine/modelCheck";
import { cellInfo, experimentSaver, ExperimentRecord } from "../../experiment/experimentRecord";
import { readAxes } from "../../experiment/readAxes";
import { runSweep } from "../../experiment/runSweep";
import { previewSweep } from "../../experiment/sweepPreview";
import { readPriceOverrides } from "../../pricing/priceSettings";
import { openCliStore } from "../openCliStore";
import { openSharedCacheArg } from "../sharedCacheArg";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { readPipelineArg } from "../pipelineArg";
import { matrixLines, previewLines } from "./sweepReport";

function numberArg(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1))) throw new UsageError(`--${name} needs ${integer ? "a whole number >= 1" : "a number >= 0"}, got "${raw}"`);
  return n;
}

export const sweepCommand: Command = {
  ...COMMAND_INFO.sweep,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      axis: { type: "string", multiple: true },
      set: { type: "string", multiple: true },
      "max-cost": { type: "string" },
      "max-calls": { type: "string" },
      limit: { type: "string" },
      by: { type: "string", multiple: true },
      db: { type: "string" },
      "shared-cache": { type: "string" },
      "dry-run": { type: "boolean" },
      "no-check": { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("name one pipeline file");
    const file = positionals[0];
    const baseDir = dirname(resolve(file));
    const read = await readPipelineArg(file, values.set ?? [], io);
    if (!read) return 2;
    const raw = read.raw;
    const docExperiment = (raw as { experiment?: unknown }).experiment;
    const experiment = docExperiment === undefined ? undefined : ExperimentSchema.safeParse(docExperiment);
    if (experiment && !experiment.success) throw new UsageError(`${file}: experiment: ${experiment.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    let cells, order;
    try {
      // --axis replaces the document's axes; @files are relative to the folder the command runs in.
      const specs: AxisSpec[] = values.axis?.length ? values.axis.map(parseAxisArgument) : experiment?.data ? axesOfExperiment(experiment.data) : [];
      if (!specs.length) throw new ExperimentError("no axes: give --axis PATH=V1,V2 (or an experiment section in the pipeline)");
      const axes = await readAxes(specs, values.axis?.length ? process.cwd() : baseDir);
      cells = expandCells(raw, axes, values.axis?.length ? undefined : experiment?.data?.combinations);
      order = scheduleCells(cells.map((c) => c.doc));
    } catch (e) {
      if (e instanceof ExperimentError) throw new UsageError(e.message);
      throw e;
    }
    const maxCalls = numberArg("max-calls", values["max-calls"], true) ?? experiment?.data?.maxCalls;
    const maxCostUsd = numberArg("max-cost", values["max-cost"], false) ?? experiment?.data?.maxCostUsd;
    const limit = numberArg("limit", values.limit, true);

    if (!values["no-check"]) {
      const advice = new Set<string>();
      for (const c of cells) {
        for (const p of await environmentProblems(c.doc, { baseDir, env: process.env, style: "cli" })) advice.add(p.message);
        const a = await checkModelsAnswer(c.doc, { baseDir });
        if (a) advice.add(`${cellName(c.index)}: ${a}`);
      }
      if (advice.size) {
        io.err(`cascade sweep: ${[...advice].join("\n")}\n(--no-check skips this check)`);
        return 1;
      }
    }

    const sharedCache = values["dry-run"] ? undefined : await openSharedCacheArg(values["shared-cache"], process.env);
    const store = openCliStore(values.db, "write");
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once("SIGINT", onSigint);
    try {
      const priceOverrides = readPriceOverrides(store);
      const preview = await previewSweep(cells, order, { baseDir, store, limit, priceOverrides });
      if (maxCostUsd !== undefined && preview.costUsd === null) throw new UsageError("--max-cost: a model's price is unknown, so the cost cannot be capped (set the model's price, e.g. --set models.NAME.price={...}, or use --max-calls)");
      if (!values.json) for (const line of previewLines(cells, preview)) io.out(line);
      if (values["dry-run"]) {
        if (values.json) io.out(JSON.stringify({ preview, order: order.map((i) => cellName(i)) }));
        return 0;
      }
      const experimentId = formatRunId(Date.now(), randomBytes(2));
      // Recorded as the app's experiments are: the app's Experiment tab lists it with its cells and matrix.
      const record = new ExperimentRecord(experimentId, cells.map(cellInfo), order.map(cellName), () => {}, experimentSaver(store, undefined, cells[0].doc.name));
      const sweep = runSweep(cells, order, { experimentId, baseDir, store, limit, maxCalls, maxCostUsd, priceOverrides, commandLine: ["cascade", "sweep", ...args], signal: controller.signal, ...(sharedCache ? { run: { sharedCache } } : {}), ...record.sweepCallbacks() });
      const { outcomes, capReached } = await record.settle(sweep, controller.signal);
      const finished = outcomes.filter((o) => o.report && !o.leftOut);
      const matrix = experimentMatrix(
        finished.map((o) => ({ index: o.cell, run: loadRunForCompare(store, o.report!.runId, undefined, values.by ?? []) })),
        { by: values.by },
      );
      const leftOut = outcomes.filter((o) => o.leftOut).map((o) => ({ cell: cellName(o.cell), values: Object.fromEntries(cells[o.cell].values.map((v) => [v.path, v.label])), runId: o.report?.runId ?? null, reason: o.leftOut }));
      if (values.json) {
        const byCell = new Map(outcomes.map((o) => [o.cell, o]));
        io.out(
          JSON.stringify({
            experimentId,
            preview,
            order: order.map((i) => cellName(i)),
            cells: matrix.rows.map((r) => ({
              cell: r.name,
              values: Object.fromEntries(cells[r.cell].values.map((v) => [v.path, v.label])),
              runId: r.runId,
              status: byCell.get(r.cell)?.report?.status,
              accuracy: { value: r.accuracy.value, low: r.accuracy.low, high: r.accuracy.high, n: r.accuracy.n },
              calls: r.calls,
              cacheHits: r.cacheHits,
              inputTokens: r.inputTokens,
              outputTokens: r.outputTokens,
              costUsd: r.costUsd,
              errors: r.errors,
              latencyMs: r.latencyMs,
              durationMs: byCell.get(r.cell)?.report?.durationMs ?? null,
            })),
            categories: matrix.categories,
            pairs: matrix.pairs.map((p) => ({
              cells: p.names,
              n: p.comparison.n,
              difference: p.comparison.difference,
              counts: p.comparison.counts,
              test: p.comparison.test,
              p: p.comparison.mcnemar.p,
              pAdjusted: p.comparison.pAdjusted,
              bootstrap: p.comparison.bootstrap && { low: p.comparison.bootstrap.low, high: p.comparison.bootstrap.high, level: p.comparison.bootstrap.level },
              verdict: p.comparison.verdict.text,
            })),
            best: matrix.best,
            leftOut,
            capReached,
          }),
        );
      } else for (const line of matrixLines(cells, matrix, outcomes)) io.out(line);
      if (controller.signal.aborted) return 130;
      if (capReached) return 3;
      return finished.some((o) => o.report!.status !== "done" || o.report!.errors > 0) ? 1 : 0;
    } finally {
      process.removeListener("SIGINT", onSigint);
      store.close();
      await sharedCache?.close();
    }
  },
};
