/** A tiny RGB raster with the few drawing operations the sample images need, written as PNG with pngjs. */
import { PNG } from "pngjs";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from "./font";

export type RGB = readonly [number, number, number];

export const WHITE: RGB = [255, 255, 255];
export const BLACK: RGB = [0, 0, 0];

export class Raster {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: RGB = WHITE,
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, color: RGB): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = color[0];
    this.data[i + 1] = color[1];
    this.data[i + 2] = color[2];
    this.data[i + 3] = 255;
  }

  /** Fills the pixels x..x+w-1, y..y+h-1. */
  fillRect(x: number, y: number, w: number, h: number, color: RGB): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.setPixel(xx, yy, color);
  }

  /** Fills the pixels whose centre lies within `r` of (cx, cy). */
  fillCircle(cx: number, cy: number, r: number, color: RGB): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        if (dx * dx + dy * dy <= r * r) this.setPixel(x, y, color);
      }
    }
  }

  /** Draws `text` with its top-left corner at (x, y), each font pixel a `scale` x `scale` block. */
  drawText(text: string, x: number, y: number, scale: number, color: RGB = BLACK): void {
    let left = x;
    for (const ch of text) {
      const rows = glyph(ch);
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (rows[gy][gx] === "#") this.fillRect(left + gx * scale, y + gy * scale, scale, scale, color);
        }
      }
      left += (GLYPH_WIDTH + 1) * scale;
    }
  }

  /** PNG bytes: 8-bit RGB, maximum compression; the same raster always gives the same bytes. */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = Buffer.from(this.data);
    return PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
  }
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
