/**
 * What an imported run re-runs from: a folder with the dataset rows the run used (`data.jsonl`, typed values as
 * the dataset node gave them, with each item's id), the bundle's images, and `pipeline.json` — the run's document
 * with its dataset node reading that file. Every call then has the cache key it had, so `cascade run
 * <folder>/pipeline.json` is answered from the imported cache. Images keep their relative paths (the inspector
 * finds them as the author's app did); an absolute or escaping path is stored as images/<sha256>.<ext>.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { serializePipeline } from "../../shared/pipeline/serialize";
import type { Value } from "../../shared/values";
import type { BundleFile, BundleImage } from "../store/bundleReader";
import { datasetNodeOf, imageColumnsOf, imageSourceOf } from "./datasetNode";

const EXT: Record<string, string> = { "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp" };

/** Where an image of the bundle goes in the folder (relative to it). */
function imagePath(img: BundleImage): string {
  const rel = normalize(img.source);
  if (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`) && !/^[a-z]:/i.test(rel)) return rel;
  return join("images", `${img.sha256}${EXT[img.mime ?? ""] ?? ""}`);
}

/** An id field no column of the dataset uses. */
function idField(columns: readonly { name: string; field?: string }[]): string {
  let name = "_item_id";
  while (columns.some((c) => c.name === name || c.field === name)) name = `_${name}`;
  return name;
}

/** The folder's files (paths relative to it), read from the bundle before anything is imported. */
export interface RerunFolder {
  files: { path: string; bytes: string | Uint8Array }[];
}

/** Writes the folder; returns the path of its pipeline.json. */
export function writeRerunFolder(dir: string, folder: RerunFolder): string {
  for (const f of folder.files) {
    const file = join(dir, f.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, f.bytes);
  }
  return join(dir, "pipeline.json");
}

export function planRerunFolder(bundle: BundleFile, run: { id: string; doc: PipelineDoc }, images: readonly BundleImage[]): RerunFolder {
  const files: RerunFolder["files"] = [];
  const doc = structuredClone(run.doc);
  const node = datasetNodeOf(doc);
  const outputs = node ? bundle.nodeOutputs(run.id, node.id) : [];
  const imageColumns = node ? imageColumnsOf(node) : [];
  const named = new Set(outputs.flatMap(({ output }) => imageColumns.map((c) => imageSourceOf(output[c])).filter((s): s is string => s !== undefined)));
  const placed = new Map<string, string>();
  for (const img of images) {
    if (!named.has(img.source)) continue;
    const rel = imagePath(img);
    files.push({ path: rel, bytes: img.bytes });
    placed.set(img.source, rel);
  }
  if (node) {
    const id = idField(node.config.columns);
    const lines = outputs.map(({ itemId, output }) => {
      const row: Record<string, Value> = { ...output };
      for (const column of imageColumns) {
        const source = imageSourceOf(row[column]);
        const rel = source !== undefined ? placed.get(source) : undefined;
        if (rel !== undefined && rel !== source) row[column] = { kind: "image", source: rel };
      }
      row[id] = itemId;
      return JSON.stringify(row);
    });
    files.push({ path: "data.jsonl", bytes: lines.length ? lines.join("\n") + "\n" : "" });
    const target = doc.nodes.find((n) => n.id === node.id)!;
    target.config = {
      source: { type: "file", path: "data.jsonl", format: "jsonl" },
      columns: node.config.columns.map((c) => ({ name: c.name, type: c.type })),
      idColumn: id,
    };
  }
  files.push({ path: "pipeline.json", bytes: serializePipeline(doc) });
  return { files };
}
