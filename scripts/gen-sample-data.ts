/**
 * Draws the sample visual-maths dataset: templates/data/images/*.png and templates/data/visual-math.jsonl.
 * Deterministic: running it twice writes identical bytes. Usage: npx tsx scripts/gen-sample-data.ts [outDir]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateItems } from "./sample-data/items";

export const DATASET_FILE = "visual-math.jsonl";

export function writeSampleData(outDir: string): { items: number; bytes: number } {
  const generated = generateItems();
  mkdirSync(join(outDir, "images"), { recursive: true });
  let bytes = 0;
  for (const { item, png } of generated) {
    writeFileSync(join(outDir, item.image), png);
    bytes += png.length;
  }
  const jsonl = generated.map(({ item }) => JSON.stringify(item)).join("\n") + "\n";
  writeFileSync(join(outDir, DATASET_FILE), jsonl);
  return { items: generated.length, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "..", "templates", "data"));
  const { items, bytes } = writeSampleData(outDir);
  console.log(`wrote ${items} items and ${bytes} bytes of PNG to ${outDir}`);
}
