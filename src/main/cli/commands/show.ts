/**
 * cascade show <run>: prints a run's results as JSON Lines (default) or CSV, page by page from the database.
 * With --node, one node's results with its outputs as columns; otherwise every node's, node by node.
 * With --meta, what reproduces the run instead (../runMeta.ts): versions, commit, command line, dataset fingerprint.
 */
import Papa from "papaparse";
import type { ResultRow } from "../../../shared/contract";
import { nodePorts } from "../../../shared/pipeline/validate";
import { isSamples, valueToText, type Value } from "../../../shared/values";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { resolveRunArg } from "../runArg";
import { runMeta, runMetaLines } from "../runMeta";
import { parseCommandArgs, UsageError } from "../command";

function cell(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  if (isSamples(v)) return JSON.stringify(v.values);
  return typeof v === "object" && "kind" in v && v.kind === "conversation" ? valueToText(v) : JSON.stringify(v);
}

function base(r: ResultRow): Record<string, string | number | null> {
  return {
    item: r.itemId,
    node: r.nodeId,
    status: r.status,
    error: r.error ?? null,
    latencyMs: r.latencyMs === undefined ? null : Math.round(r.latencyMs),
    inputTokens: r.usage?.inputTokens ?? null,
    outputTokens: r.usage?.outputTokens ?? null,
  };
}

export const showCommand: Command = {
  ...COMMAND_INFO.show,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      node: { type: "string" },
      format: { type: "string" },
      db: { type: "string" },
      meta: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("name one run (its id or a unique prefix; see `cascade runs`)");
    const format = values.format ?? "jsonl";
    if (format !== "jsonl" && format !== "csv") throw new UsageError(`--format is jsonl or csv, got "${format}"`);
    if (values.json && !values.meta) throw new UsageError("--json goes with --meta (results print as JSON Lines already)");
    if (values.meta && (values.node || values.format)) throw new UsageError("--meta prints the run record; it takes no --node or --format");
    const store = openCliStore(values.db, "read");
    try {
      const runId = resolveRunArg(store, positionals[0]);
      if (values.meta) {
        const run = store.runs.summary(runId);
        const record = store.runMeta.record(runId);
        io.out(values.json ? JSON.stringify(runMeta(run, record)) : runMetaLines(run, record).join("\n"));
        return 0;
      }
      const detail = store.runs.get(runId);
      const withResults = new Set(store.runs.resultNodes(runId));
      const docOrder = detail.doc.nodes.map((n) => n.id).filter((id) => withResults.has(id));
      if (values.node && !detail.doc.nodes.some((n) => n.id === values.node)) {
        throw new UsageError(`run ${runId} has no node "${values.node}" (nodes: ${docOrder.join(", ")})`);
      }
      const nodes = values.node ? [values.node] : docOrder;
      let header = true;
      for (const nodeId of nodes) {
        const docNode = detail.doc.nodes.find((n) => n.id === nodeId);
        const ports = (docNode && nodePorts(docNode)?.outputs.map((p) => p.name)) ?? [];
        let page: Record<string, unknown>[] = [];
        const flush = () => {
          if (!page.length) return;
          if (format === "csv") {
            io.out(Papa.unparse(page, { header, columns: Object.keys(page[0]), newline: "\n" }));
            header = false;
          } else io.out(page.map((p) => JSON.stringify(p)).join("\n"));
          page = [];
        };
        for (const r of store.runs.iterateResults(runId, nodeId)) {
          if (format === "jsonl") page.push({ ...base(r), output: r.output });
          else if (values.node) {
            const row: Record<string, unknown> = base(r);
            for (const p of ports) row[p] = cell(r.output?.[p]);
            page.push(row);
          } else page.push({ ...base(r), output: r.output === null ? "" : JSON.stringify(r.output) });
          if (page.length >= 500) flush();
        }
        flush();
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
