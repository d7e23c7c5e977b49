/**
 * The images the service has shown to the UI: every image value (`{kind: "image", source}`) in a method's
 * result — dataset previews, results, traces, review items — is noted here, and browser mode's GET /files
 * serves only those (and only inside a known dataset folder). Naming a dataset path thus no longer opens every
 * image under its folder: only the images of the rows a page was given. Bounded: the oldest are forgotten first.
 */
import { isImageRef } from "../../shared/values";

const MAX_SHOWN = 200_000;
const MAX_DEPTH = 32;

export class ShownImages {
  private readonly sources = new Set<string>();

  constructor(private readonly max = MAX_SHOWN) {}

  /** Notes every image value inside a result (plain JSON data). */
  noteIn(value: unknown, depth = 0): void {
    if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const v of value) this.noteIn(v, depth + 1);
      return;
    }
    if (isImageRef(value)) {
      this.add(value.source);
      return;
    }
    for (const v of Object.values(value)) this.noteIn(v, depth + 1);
  }

  has(source: string): boolean {
    return this.sources.has(source);
  }

  private add(source: string): void {
    if (/^(data:|https?:)/.test(source)) return; // shown by the browser itself
    this.sources.delete(source); // most recent last
    this.sources.add(source);
    if (this.sources.size > this.max) this.sources.delete(this.sources.values().next().value as string);
  }
}
