/**
 * What the HTML report shows, read from the store: the comparison exactly as `cascade compare` computes it
 * (loadRunForCompare + compareRuns, the same options), each run's document (the graph), and one row per item —
 * the dataset's text columns, every run's scored answer and score — with thumbnails of the first items' images.
 */
import { readFileSync } from "node:fs";
import { compareRuns, type CompareOptions, type CompareResult } from "../../shared/compare";
import { scoreFromValue } from "../../shared/compare/pairing";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { findImageFile } from "../bundle/bundleImages";
import { datasetNodeOf, imageColumnsOf, imageSourceOf, isLocalImageSource } from "../bundle/datasetNode";
import { loadRunForCompare } from "../compare/loadRunForCompare";
import { imageDirs } from "../engine/imageDirs";
import { MAX_IMAGE_BYTES, sniffImageType } from "../engine/images";
import { scaleImage } from "../engine/imageScale";
import type { Store } from "../store/store";

/** Longest text kept per dataset cell and answer (the report stays small at 10,000 items). */
export const CELL_CHARS = 160;
/** The side of a thumbnail in pixels. */
const THUMB_SIDE = 96;

export interface ReportItem {
  id: string;
  /** The dataset's text columns, cut to CELL_CHARS. */
  cells: string[];
  /** Per run (in the comparison's order): the scored answer and the score (null: never scored). */
  answers: (string | null)[];
  scores: (number | null)[];
  /** A data URI thumbnail of the item's first image, for the first items only. */
  thumb?: string;
}

export interface ReportData {
  result: CompareResult;
  /** The documents of the compared runs, in the comparison's order. */
  docs: PipelineDoc[];
  columns: string[];
  items: ReportItem[];
  thumbnails: number;
}

const cut = (s: string) => (s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS - 1)}…` : s);

async function thumbnail(source: string, dirs: string[]): Promise<string | undefined> {
  let bytes: Uint8Array | undefined;
  if (source.startsWith("data:")) {
    const comma = source.indexOf(",");
    if (comma > 0 && /;base64$/.test(source.slice(0, comma))) bytes = Buffer.from(source.slice(comma + 1), "base64");
  } else if (isLocalImageSource(source)) {
    const file = findImageFile(source, dirs);
    if (file) bytes = readFileSync(file);
  }
  const mime = bytes && bytes.length <= MAX_IMAGE_BYTES ? sniffImageType(bytes) : null;
  if (!bytes || !mime) return undefined;
  try {
    const small = await scaleImage(bytes, mime, THUMB_SIDE, source.slice(0, 80));
    return `data:${small.mime};base64,${Buffer.from(small.bytes).toString("base64")}`;
  } catch {
    return undefined; // an unreadable image has no thumbnail; the item is still listed
  }
}

export async function loadReportData(store: Store, runArgs: readonly string[], opts: { node?: string; by?: string[]; thumbnails: number } & Pick<CompareOptions, "baseline" | "unscored">): Promise<ReportData> {
  const compareOpts: CompareOptions = { by: opts.by, baseline: opts.baseline, unscored: opts.unscored };
  const runs = runArgs.map((id) => loadRunForCompare(store, id, opts.node, opts.by ?? []));
  const result = compareRuns(runs, compareOpts);
  const ordered = result.runs.map((r) => runs.find((x) => x.id === r.id)!);
  const docs = result.runs.map((r) => store.runMeta.docOf(r.id)!.doc);

  // Items in the first run's dataset order, then any only the others have.
  const first = result.runs[0].id;
  const node = datasetNodeOf(docs[0]);
  const columns = node ? node.config.columns.filter((c) => (c.type === "text" || c.type === "number") && c.name !== node.config.idColumn).map((c) => c.name) : [];
  const imageColumn = node ? imageColumnsOf(node)[0] : undefined;
  const dirs = imageDirs(docs[0], store.runMeta.baseDir(first) ?? process.cwd());
  const byRun = ordered.map((r) => new Map(r.items.map((o) => [o.itemId, o])));
  const items: ReportItem[] = [];
  const seen = new Set<string>();
  const add = (id: string, cells: string[], thumbSource?: string) => {
    seen.add(id);
    const outcomes = byRun.map((m) => m.get(id));
    items.push({ id, cells, answers: outcomes.map((o) => (o?.answer == null ? null : cut(o.answer))), scores: outcomes.map((o) => (o && (o.status === "done" || o.status === "cached") ? scoreFromValue(o.score) : null)), ...(thumbSource ? { thumb: thumbSource } : {}) });
  };
  if (node) {
    for (const row of store.runs.iterateResults(first, node.id)) {
      const out = row.output ?? {};
      const source = imageColumn && items.length < opts.thumbnails ? imageSourceOf(out[imageColumn]) : undefined;
      add(row.itemId, columns.map((c) => cut(out[c] == null ? "" : String(out[c]))), source);
    }
  }
  for (const m of byRun) for (const id of m.keys()) if (!seen.has(id)) add(id, columns.map(() => ""));
  let thumbnails = 0;
  for (const item of items) {
    if (!item.thumb) continue;
    const uri = await thumbnail(item.thumb, dirs);
    if (uri) {
      item.thumb = uri;
      thumbnails++;
    } else delete item.thumb;
  }
  return { result, docs, columns, items, thumbnails };
}
