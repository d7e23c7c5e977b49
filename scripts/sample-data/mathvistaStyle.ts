/**
 * The sample visual-maths items in MathVista's column layout (testmini on the hub): `pid`, `question`, `image`
 * (the file's name), `decoded_image` (the Image feature: PNG bytes and path), `choices` (empty for free-form, as in the sample),
 * `unit`, `precision`, `answer`, `question_type`, `answer_type`. The values the Cas-SEAT template reads are the
 * sample's own, so the Parquet file and visual-math.jsonl give the same items.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HubColumn } from "./hubParquet";

export const MATHVISTA_COLUMNS: HubColumn[] = [
  { name: "pid", kind: "string" },
  { name: "question", kind: "string" },
  { name: "image", kind: "string" },
  { name: "decoded_image", kind: "image" },
  { name: "choices", kind: "list<string>" },
  { name: "unit", kind: "string" },
  { name: "precision", kind: "double" },
  { name: "answer", kind: "string" },
  { name: "question_type", kind: "string" },
  { name: "answer_type", kind: "string" },
];

/** One line of templates/data/visual-math.jsonl. */
export interface SampleItem {
  id: string;
  question: string;
  image: string;
  choices: string[];
  answer: string;
  answer_type: string;
}

/** The items of `visual-math.jsonl` in dataDir, in file order. */
export function readSampleItems(dataDir: string): SampleItem[] {
  return readFileSync(join(dataDir, "visual-math.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as SampleItem);
}

/** The rows of `visual-math.jsonl` (in dataDir) in MathVista's layout, images read from dataDir. */
export function mathvistaRows(dataDir: string): Record<string, unknown>[] {
  return readSampleItems(dataDir).map((item) => ({
    pid: item.id,
    question: item.question,
    image: item.image,
    decoded_image: { bytes: new Uint8Array(readFileSync(join(dataDir, item.image))), path: item.image.split("/").pop() },
    choices: item.choices,
    unit: null,
    precision: item.answer_type === "float" ? 1 : null,
    answer: item.answer,
    question_type: item.choices.length > 0 ? "multi_choice" : "free_form",
    answer_type: item.answer_type,
  }));
}
