/**
 * The three kinds of sample picture: shapes to count, a bar chart with a labelled y-axis, and an equation
 * written in the 5x7 font. Geometry constants are exported so tests can measure the drawn pixels.
 */
import { textWidth, GLYPH_HEIGHT } from "./font";
import { BLACK, Raster, seededRandom, type RGB } from "./raster";

export const IMAGE_WIDTH = 240;
export const IMAGE_HEIGHT = 160;

export const SHAPE_COLORS: readonly RGB[] = [
  [214, 48, 49],
  [9, 132, 227],
  [0, 148, 50],
  [230, 126, 34],
  [142, 68, 173],
];

export type ShapeType = "circle" | "square";

export interface Shape {
  type: ShapeType;
  /** Bounding box. */
  x: number;
  y: number;
  size: number;
  color: RGB;
}

/** Shapes at random non-overlapping places (at least `GAP` pixels apart); the seed fixes the layout. */
export const SHAPE_GAP = 6;

export function layoutShapes(types: readonly ShapeType[], seed: number): Shape[] {
  const random = seededRandom(seed);
  const shapes: Shape[] = [];
  for (const type of types) {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 10_000) throw new Error(`cannot place ${types.length} shapes without overlap (seed ${seed})`);
      const size = type === "circle" ? 22 + Math.floor(random() * 9) : 20 + Math.floor(random() * 9);
      const x = 8 + Math.floor(random() * (IMAGE_WIDTH - 16 - size));
      const y = 8 + Math.floor(random() * (IMAGE_HEIGHT - 16 - size));
      const clear = shapes.every(
        (s) => x + size + SHAPE_GAP <= s.x || s.x + s.size + SHAPE_GAP <= x || y + size + SHAPE_GAP <= s.y || s.y + s.size + SHAPE_GAP <= y,
      );
      if (!clear) continue;
      shapes.push({ type, x, y, size, color: SHAPE_COLORS[Math.floor(random() * SHAPE_COLORS.length)] });
      break;
    }
  }
  return shapes;
}

export function drawShapes(shapes: readonly Shape[]): Raster {
  const r = new Raster(IMAGE_WIDTH, IMAGE_HEIGHT);
  for (const s of shapes) {
    if (s.type === "square") r.fillRect(s.x, s.y, s.size, s.size, s.color);
    else r.fillCircle(s.x + s.size / 2, s.y + s.size / 2, s.size / 2, s.color);
  }
  return r;
}

/** Bar chart geometry: value v is drawn up to row ZERO_ROW - v * UNIT. */
export const CHART = {
  axisX: 34,
  zeroRow: 146,
  unit: 13,
  maxValue: 10,
  firstBarX: 48,
  barWidth: 30,
  barStep: 47,
  labelScale: 2,
  grid: [222, 222, 222] as RGB,
};

export const BAR_COLORS: readonly { name: string; rgb: RGB }[] = [
  { name: "red", rgb: [214, 48, 49] },
  { name: "blue", rgb: [9, 132, 227] },
  { name: "green", rgb: [0, 148, 50] },
  { name: "orange", rgb: [230, 126, 34] },
];

export function drawBarChart(values: readonly number[]): Raster {
  if (values.length > BAR_COLORS.length) throw new Error(`at most ${BAR_COLORS.length} bars`);
  const r = new Raster(IMAGE_WIDTH, IMAGE_HEIGHT);
  const { axisX, zeroRow, unit, maxValue, labelScale } = CHART;
  for (let v = 1; v <= maxValue; v++) r.fillRect(axisX + 1, zeroRow - v * unit, IMAGE_WIDTH - axisX - 6, 1, CHART.grid);
  for (let v = 0; v <= maxValue; v++) {
    const row = zeroRow - v * unit;
    r.fillRect(axisX - 3, row, 3, 1, BLACK);
    if (v % 2 === 0) {
      const label = String(v);
      r.drawText(label, axisX - 6 - textWidth(label, labelScale), row - Math.floor((GLYPH_HEIGHT * labelScale) / 2), labelScale);
    }
  }
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > maxValue) throw new Error(`bar value ${v} is not an integer in 0..${maxValue}`);
    r.fillRect(CHART.firstBarX + i * CHART.barStep, zeroRow - v * unit, CHART.barWidth, v * unit, BAR_COLORS[i].rgb);
  });
  r.fillRect(axisX, zeroRow - maxValue * unit - 4, 1, maxValue * unit + 5, BLACK);
  r.fillRect(axisX, zeroRow, IMAGE_WIDTH - axisX - 5, 1, BLACK);
  return r;
}

/** An equation such as "12 + 7 = ?" centred in the picture, as large as fits. */
export function drawEquation(text: string): Raster {
  const r = new Raster(IMAGE_WIDTH, IMAGE_HEIGHT);
  const scale = [5, 4, 3, 2].find((s) => textWidth(text, s) <= IMAGE_WIDTH - 20);
  if (!scale) throw new Error(`equation too long to draw: ${text}`);
  const x = Math.floor((IMAGE_WIDTH - textWidth(text, scale)) / 2);
  const y = Math.floor((IMAGE_HEIGHT - GLYPH_HEIGHT * scale) / 2);
  r.drawText(text, x, y, scale);
  return r;
}
