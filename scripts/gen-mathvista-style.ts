/**
 * Writes the MathVista-style sample: templates/data/mathvista-style.parquet (the sample items in MathVista's
 * column layout, images as the hub's {bytes, path} structs, snappy, row groups of 6) and
 * templates/mathvista-style.json (the Cas-SEAT template reading it, its columns mapped from MathVista's names).
 * Generated data only; deterministic. Usage: npx tsx scripts/gen-mathvista-style.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePipelineJson } from "../src/shared/pipeline/validate";
import { serializePipeline } from "../src/shared/pipeline/serialize";
import { writeHubParquet } from "./sample-data/hubParquet";
import { MATHVISTA_COLUMNS, mathvistaRows } from "./sample-data/mathvistaStyle";

export const PARQUET_FILE = "data/mathvista-style.parquet";

/** The dataset columns of the Cas-SEAT template, read from MathVista's names (pid → id, decoded_image → image). */
export const MAPPED_COLUMNS = [
  { name: "id", type: "text", field: "pid" },
  { name: "question", type: "text" },
  { name: "image", type: "image", field: "decoded_image" },
  { name: "choices", type: "json" },
  { name: "answer", type: "text" },
  { name: "answer_type", type: "text" },
];

export async function writeMathvistaStyle(templatesDir: string): Promise<void> {
  await writeHubParquet(join(templatesDir, PARQUET_FILE), MATHVISTA_COLUMNS, mathvistaRows(join(templatesDir, "data")), { rowGroupSize: 6 });
  const parsed = parsePipelineJson(readFileSync(join(templatesDir, "cas-seat.json"), "utf8"));
  if (!parsed.doc) throw new Error(`cas-seat.json: ${parsed.problems.map((p) => p.message).join("; ")}`);
  const doc = parsed.doc;
  doc.name = "Cas-SEAT on a MathVista-style Parquet file";
  doc.description =
    "The Cas-SEAT cascade reading a benchmark as the Hugging Face hub publishes it: a Parquet file in MathVista's column layout (pid, question, decoded_image as {bytes, path}, choices, precision, answer, question_type, answer_type). The dataset node maps pid to id and decoded_image to image.";
  const dataset = doc.nodes.find((n) => n.kind === "dataset")!;
  dataset.label = "MathVista-style items (Parquet)";
  dataset.config = { source: { type: "file", path: PARQUET_FILE }, columns: MAPPED_COLUMNS, idColumn: "id" };
  writeFileSync(join(templatesDir, "mathvista-style.json"), serializePipeline(doc));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "templates");
  await writeMathvistaStyle(dir);
  console.log(`wrote ${join(dir, PARQUET_FILE)} and ${join(dir, "mathvista-style.json")}`);
}
