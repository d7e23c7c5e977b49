/**
 * The sample items. Every answer is computed from what is drawn (the shapes laid out, the bar values, the
 * equation text), never typed in, and multiple-choice items must contain the computed answer among their choices.
 */
import { BAR_COLORS, drawBarChart, drawEquation, drawShapes, layoutShapes, type ShapeType } from "./scenes";
import type { Raster } from "./raster";

export interface SampleItem {
  id: string;
  question: string;
  image: string;
  /** The options, in letter order (A, B, ...); empty for free-form items. */
  choices: string[];
  /** A letter for multi_choice items, the number as a string for integer items. */
  answer: string;
  answer_type: "multi_choice" | "integer";
}

interface Spec {
  id: string;
  question: string;
  /** Given: a multiple-choice item with these options. Absent: a free-form integer item. */
  choices?: number[];
  draw(): { raster: Raster; answer: number };
}

const repeat = (type: ShapeType, n: number): ShapeType[] => Array.from({ length: n }, () => type);

function counting(id: string, seed: number, circles: number, squares: number, ask: "circles" | "squares" | "shapes", choices?: number[]): Spec {
  const question =
    ask === "shapes" ? "How many shapes (circles and squares together) are in the picture?" : `How many ${ask} are in the picture?`;
  return {
    id,
    question,
    choices,
    draw() {
      const shapes = layoutShapes([...repeat("circle", circles), ...repeat("square", squares)], seed);
      const answer = ask === "shapes" ? shapes.length : shapes.filter((s) => s.type === (ask === "circles" ? "circle" : "square")).length;
      return { raster: drawShapes(shapes), answer };
    },
  };
}

const barIndex = (color: string) => BAR_COLORS.findIndex((c) => c.name === color);

function bars(id: string, values: number[], question: string, read: (v: number[]) => number, choices?: number[]): Spec {
  return { id, question, choices, draw: () => ({ raster: drawBarChart(values), answer: read(values) }) };
}

/** Evaluates "a op b op c" with x before + and -. */
export function evaluate(expression: string): number {
  const tokens = expression.trim().split(/\s+/);
  const terms: number[] = [];
  const signs: number[] = [1];
  let product = Number(tokens[0]);
  for (let i = 1; i < tokens.length; i += 2) {
    const op = tokens[i];
    const n = Number(tokens[i + 1]);
    if (op === "x") product *= n;
    else {
      terms.push(product);
      signs.push(op === "-" ? -1 : 1);
      product = n;
    }
  }
  terms.push(product);
  const value = terms.reduce((sum, t, i) => sum + signs[i] * t, 0);
  if (!Number.isFinite(value)) throw new Error(`cannot evaluate ${expression}`);
  return value;
}

/** The number that replaces "?" in an equation such as "12 + 7 = ?" or "? + 8 = 15". */
export function solveEquation(equation: string): number {
  const [left, right] = equation.split("=");
  if (right.trim() === "?") return evaluate(left);
  for (let n = 0; n <= 1000; n++) if (evaluate(left.replace("?", String(n))) === evaluate(right)) return n;
  throw new Error(`no whole number in 0..1000 solves ${equation}`);
}

function equation(id: string, text: string, choices?: number[]): Spec {
  return {
    id,
    question: "The picture shows an equation. Which number belongs in place of the question mark?",
    choices,
    draw: () => ({ raster: drawEquation(text), answer: solveEquation(text) }),
  };
}

const SPECS: Spec[] = [
  counting("count-01", 11, 5, 0, "circles", [4, 5, 6, 7]),
  counting("count-02", 12, 0, 7, "squares"),
  counting("count-03", 13, 3, 4, "squares"),
  counting("count-04", 14, 9, 0, "circles", [7, 8, 10, 9]),
  counting("count-05", 15, 2, 4, "shapes"),
  counting("count-06", 16, 4, 4, "circles", [4, 3, 5, 8]),
  bars("bars-01", [3, 7, 5, 9], "What is the value of the blue bar?", (v) => v[barIndex("blue")]),
  bars("bars-02", [6, 2, 8, 4], "What is the value of the tallest bar?", (v) => Math.max(...v), [6, 7, 9, 8]),
  bars("bars-03", [5, 9, 3, 6], "How much larger is the tallest bar than the shortest bar?", (v) => Math.max(...v) - Math.min(...v)),
  bars("bars-04", [4, 6, 7, 2], "What is the sum of the red bar and the green bar?", (v) => v[barIndex("red")] + v[barIndex("green")], [11, 10, 13, 6]),
  bars("bars-05", [8, 5, 10, 1], "What is the value of the orange bar?", (v) => v[barIndex("orange")]),
  bars("bars-06", [7, 3, 6, 5], "What is the value of the green bar?", (v) => v[barIndex("green")], [5, 7, 6, 4]),
  equation("math-01", "12 + 7 = ?"),
  equation("math-02", "9 x 6 = ?", [56, 54, 45, 63]),
  equation("math-03", "45 - 18 = ?"),
  equation("math-04", "3 + 4 x 2 = ?", [14, 9, 10, 11]),
  equation("math-05", "? + 8 = 15"),
  equation("math-06", "7 x 8 - 6 = ?", [50, 42, 14, 56]),
];

export interface GeneratedItem {
  item: SampleItem;
  png: Buffer;
}

export function generateItems(): GeneratedItem[] {
  return SPECS.map((spec) => {
    const { raster, answer } = spec.draw();
    const image = `images/${spec.id}.png`;
    const base = { id: spec.id, question: spec.question, image };
    if (!spec.choices) return { item: { ...base, choices: [], answer: String(answer), answer_type: "integer" }, png: raster.toPng() };
    const index = spec.choices.indexOf(answer);
    if (index === -1) throw new Error(`${spec.id}: the answer ${answer} is not among the choices ${spec.choices.join(", ")}`);
    if (new Set(spec.choices).size !== spec.choices.length) throw new Error(`${spec.id}: repeated choices`);
    const letter = String.fromCharCode(65 + index);
    return { item: { ...base, choices: spec.choices.map(String), answer: letter, answer_type: "multi_choice" }, png: raster.toPng() };
  });
}
