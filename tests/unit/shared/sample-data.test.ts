/**
 * The sample dataset in templates/data: reproducible byte for byte, small, and every answer true for the picture.
 * Answers are re-derived here from the decoded pixels (shapes counted, bars measured, equations read back with
 * the font), not taken from the generator.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { writeSampleData } from "../../../scripts/gen-sample-data";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from "../../../scripts/sample-data/font";
import { BAR_COLORS, CHART, drawEquation } from "../../../scripts/sample-data/scenes";

const DATA_DIR = join(__dirname, "../../../templates/data");
const rows: { id: string; question: string; image: string; choices: string[]; answer: string; answer_type: string }[] = readFileSync(
  join(DATA_DIR, "visual-math.jsonl"),
  "utf8",
)
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line));

const decode = (image: string) => PNG.sync.read(readFileSync(join(DATA_DIR, image)));
type Image = ReturnType<typeof decode>;
const rgb = (img: Image, x: number, y: number) => {
  const i = (y * img.width + x) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]] as const;
};
const isWhite = (c: readonly number[]) => c[0] === 255 && c[1] === 255 && c[2] === 255;
const same = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** The value a row states, as a number: the chosen option for multiple choice. */
const truth = (row: (typeof rows)[number]) => Number(row.answer_type === "multi_choice" ? row.choices[row.answer.charCodeAt(0) - 65] : row.answer);

/** Connected non-white regions, each classified by how much of its bounding box it fills. */
function shapesIn(img: Image): ("circle" | "square")[] {
  const seen = new Uint8Array(img.width * img.height);
  const shapes: ("circle" | "square")[] = [];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (seen[y * img.width + x] || isWhite(rgb(img, x, y))) continue;
      const stack = [[x, y]];
      seen[y * img.width + x] = 1;
      let count = 0;
      let [x0, y0, x1, y1] = [x, y, x, y];
      while (stack.length) {
        const [cx, cy] = stack.pop()!;
        count++;
        [x0, y0, x1, y1] = [Math.min(x0, cx), Math.min(y0, cy), Math.max(x1, cx), Math.max(y1, cy)];
        for (const [nx, ny] of [[cx + 1, cy], [cx - 1, cy], [cx, cy + 1], [cx, cy - 1]]) {
          if (nx < 0 || ny < 0 || nx >= img.width || ny >= img.height || seen[ny * img.width + nx] || isWhite(rgb(img, nx, ny))) continue;
          seen[ny * img.width + nx] = 1;
          stack.push([nx, ny]);
        }
      }
      const fill = count / ((x1 - x0 + 1) * (y1 - y0 + 1));
      expect(fill === 1 || (fill > 0.7 && fill < 0.85), `region fill ${fill}`).toBe(true);
      shapes.push(fill === 1 ? "square" : "circle");
    }
  }
  return shapes;
}

/** Bar values measured in pixels: the height of each colour's column above the zero line, in axis units. */
function barValues(img: Image): Record<string, number> {
  const values: Record<string, number> = {};
  BAR_COLORS.forEach(({ name, rgb: color }, i) => {
    const x = CHART.firstBarX + i * CHART.barStep + Math.floor(CHART.barWidth / 2);
    let height = 0;
    while (same(rgb(img, x, CHART.zeroRow - 1 - height), color)) height++;
    expect(height % CHART.unit, `${name} bar height ${height}px`).toBe(0);
    values[name] = height / CHART.unit;
  });
  return values;
}

/** Reads the equation back: finds the glyph grid whose cells all match the font and that redraws to the same pixels. */
function readEquation(img: Image): string {
  let [minX, minY, maxX, maxY] = [img.width, img.height, -1, -1];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (isWhite(rgb(img, x, y))) continue;
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
  }
  const scale = (maxY - minY + 1) / GLYPH_HEIGHT;
  expect(Number.isInteger(scale)).toBe(true);
  const alphabet = [..."0123456789+-x=? "];
  for (let left = minX - (GLYPH_WIDTH - 1) * scale; left <= minX; left++) {
    let text = "";
    for (let cell = left; cell <= maxX; cell += (GLYPH_WIDTH + 1) * scale) {
      const ink = (gx: number, gy: number) => !isWhite(rgb(img, cell + gx * scale, minY + gy * scale));
      const ch = alphabet.find((c) => glyph(c).every((row, gy) => [...row].every((p, gx) => (p === "#") === ink(gx, gy))));
      if (ch === undefined) break;
      text += ch;
    }
    if (text && Buffer.from(drawEquation(text).data).equals(Buffer.from(PNG.sync.read(PNG.sync.write(img)).data))) return text;
  }
  throw new Error("could not read the equation");
}

function solve(equation: string): number {
  const value = (expr: string) => Function(`"use strict"; return (${expr.replace(/x/g, "*")});`)() as number;
  const [left, right] = equation.split("=");
  for (let n = -1000; n <= 1000; n++) if (value(left.replace("?", String(n))) === value(right.replace("?", String(n)))) return n;
  throw new Error(`no solution for ${equation}`);
}

describe("sample data", () => {
  it("has at least 16 items of both answer types, well formed", () => {
    expect(rows.length).toBeGreaterThanOrEqual(16);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.answer_type))).toEqual(new Set(["multi_choice", "integer"]));
    for (const r of rows) {
      expect(r.image).toBe(`images/${r.id}.png`);
      if (r.answer_type === "multi_choice") {
        expect(r.answer, r.id).toMatch(/^[A-E]$/);
        expect(r.answer.charCodeAt(0) - 65, r.id).toBeLessThan(r.choices.length);
        expect(new Set(r.choices).size, r.id).toBe(r.choices.length);
      } else {
        expect(r.choices, r.id).toEqual([]);
        expect(r.answer, r.id).toMatch(/^-?\d+$/);
      }
    }
    // Not every multiple-choice answer is the same letter.
    expect(new Set(rows.filter((r) => r.answer_type === "multi_choice").map((r) => r.answer)).size).toBeGreaterThan(2);
  });

  it("images are small 240x160 PNGs, one per item", () => {
    expect(readdirSync(join(DATA_DIR, "images")).sort()).toEqual(rows.map((r) => r.image.slice("images/".length)).sort());
    for (const r of rows) {
      expect(statSync(join(DATA_DIR, r.image)).size, r.image).toBeLessThan(4096);
      const img = decode(r.image);
      expect([img.width, img.height]).toEqual([240, 160]);
    }
  });

  it.each(rows.map((r) => [r.id, r] as const))("%s: the answer is true for the picture", (_id, row) => {
    const img = decode(row.image);
    let expected: number;
    if (row.id.startsWith("count-")) {
      const shapes = shapesIn(img);
      const ask = /How many (circles|squares|shapes)/.exec(row.question)?.[1];
      expected = ask === "shapes" ? shapes.length : shapes.filter((s) => `${s}s` === ask).length;
    } else if (row.id.startsWith("bars-")) {
      const v = barValues(img);
      const all = Object.values(v);
      const sum = /sum of the (\w+) bar and the (\w+) bar/.exec(row.question);
      const one = /value of the (\w+) bar/.exec(row.question);
      if (/tallest bar than the shortest/.test(row.question)) expected = Math.max(...all) - Math.min(...all);
      else if (sum) expected = v[sum[1]] + v[sum[2]];
      else if (one?.[1] === "tallest") expected = Math.max(...all);
      else expected = v[one![1]];
    } else {
      expect(row.question).toMatch(/question mark/);
      expected = solve(readEquation(img));
    }
    expect(Number.isFinite(expected)).toBe(true);
    expect(truth(row)).toBe(expected);
  });

  describe("generator", () => {
    const out = mkdtempSync(join(tmpdir(), "cascade-sample-"));
    afterAll(() => rmSync(out, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

    it("writes exactly the committed bytes (run `npx tsx scripts/gen-sample-data.ts` after changing it)", () => {
      writeSampleData(out);
      const files = ["visual-math.jsonl", ...rows.map((r) => r.image)];
      expect(readdirSync(join(out, "images")).length).toBe(rows.length);
      for (const f of files) expect(readFileSync(join(out, f)).equals(readFileSync(join(DATA_DIR, f))), f).toBe(true);
    });
  });
});
