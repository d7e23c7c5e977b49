/**
 * cascade show <run>: prints a run's results as JSON Lines (default) or CSV, page by page from the database.
 * With --node, one node's results with its outputs as columns; otherwise every node's, node by node.
 * With --meta, what reproduces the run instead (../runMeta.ts): versions, commit, command line, dataset fingerprint.
 * `--db postgres://…` (or $CASCADE_DB set to one) reads a run pushed there (cascade push) through the store
 * contract (results.records, keyset pages), printing what the SQLite file prints for the same run; --meta is
 * the SQLite file's (the PostgreSQL store keeps no run records yet).
 */
import Papa from "papaparse";
import type { ResultRow } from "../../../shared/contract";
import { nodePorts } from "../../../shared/pipeline/validate";
import { isSamples, valueToText, type Value } from "../../../shared/values";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import type { RecordsCursor, RunStore } from "../../store/contract/runStore";
import { isStoreUrl, openRunStore } from "../../store/openRunStore";
import { recordToRow } from "../../store/runRows";
import { openCliStore } from "../openCliStore";
import type { CliIO, Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { resolveRunArg } from "../runArg";
import { runMeta, runMetaLines } from "../runMeta";
import { parseCommandArgs, UsageError } from "../command";

/** Rows printed at once (and read at once through the contract). */
const PAGE = 500;

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

/** A node's results through the store contract, in item order, a keyset page at a time (results.records). */
async function* contractRows(store: RunStore, runId: string, nodeId: string): AsyncIterable<ResultRow> {
  for (let after: RecordsCursor | undefined; ; ) {
    const page = await store.results.records({ runId, nodeId, after, limit: PAGE });
    for (const r of page) yield recordToRow(r);
    if (page.length < PAGE) return;
    after = { seq: page[page.length - 1].seq, itemId: page[page.length - 1].itemId };
  }
}

interface PrintQuery {
  runId: string;
  doc: PipelineDoc;
  /** Node ids with results in the run. */
  withResults: string[];
  node?: string;
  format: "jsonl" | "csv";
}

/** Prints the nodes' results (one node with --node, else every node with results, in the document's order). */
async function printResults(io: CliIO, q: PrintQuery, rowsOf: (nodeId: string) => Iterable<ResultRow> | AsyncIterable<ResultRow>): Promise<void> {
  const withResults = new Set(q.withResults);
  const docOrder = q.doc.nodes.map((n) => n.id).filter((id) => withResults.has(id));
  if (q.node && !q.doc.nodes.some((n) => n.id === q.node)) {
    throw new UsageError(`run ${q.runId} has no node "${q.node}" (nodes: ${docOrder.join(", ")})`);
  }
  const nodes = q.node ? [q.node] : docOrder;
  let header = true;
  for (const nodeId of nodes) {
    const docNode = q.doc.nodes.find((n) => n.id === nodeId);
    const ports = (docNode && nodePorts(docNode)?.outputs.map((p) => p.name)) ?? [];
    let page: Record<string, unknown>[] = [];
    const flush = () => {
      if (!page.length) return;
      if (q.format === "csv") {
        io.out(Papa.unparse(page, { header, columns: Object.keys(page[0]), newline: "\n" }));
        header = false;
      } else io.out(page.map((p) => JSON.stringify(p)).join("\n"));
      page = [];
    };
    for await (const r of rowsOf(nodeId)) {
      if (q.format === "jsonl") page.push({ ...base(r), output: r.output });
      else if (q.node) {
        const row: Record<string, unknown> = base(r);
        for (const p of ports) row[p] = cell(r.output?.[p]);
        page.push(row);
      } else page.push({ ...base(r), output: r.output === null ? "" : JSON.stringify(r.output) });
      if (page.length >= PAGE) flush();
    }
    flush();
  }
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
    const url = [values.db ?? process.env.CASCADE_DB].find((t): t is string => t !== undefined && isStoreUrl(t));
    if (url) {
      if (values.meta) throw new UsageError("--meta: the PostgreSQL store keeps no run records yet (show --meta reads the SQLite file)");
      const store = await openRunStore(url);
      try {
        let runId: string;
        try {
          runId = await store.runs.resolveId(positionals[0]);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const detail = await store.runs.get(runId);
        await printResults(io, { runId, doc: detail.doc, withResults: await store.results.nodes(runId), node: values.node, format }, (nodeId) => contractRows(store, runId, nodeId));
        return 0;
      } finally {
        await store.close();
      }
    }
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
      await printResults(io, { runId, doc: detail.doc, withResults: store.runs.resultNodes(runId), node: values.node, format }, (nodeId) => store.runs.iterateResults(runId, nodeId));
      return 0;
    } finally {
      store.close();
    }
  },
};
