/**
 * Where exported images go. "data-url": embedded in the record as a base64 data URL (what OpenAI fine-tuning
 * uploads need; the executor reads the bytes). "reference": the path as given. "copy": a file in `images/` next
 * to the exported file, named after the source's base name (made unique with -2, -3, …); data URIs get a name
 * from their hash. One image is one file: images are told apart by their identity (the content hash, see
 * `identityOf`), not by how their source is spelled, so `images/a.png` and `/data/images/a.png` naming the same
 * bytes are copied once. Web URLs are never fetched: they stay references in every mode.
 */
import type { ImageRef } from "../values";
import { hashString } from "./textHash";

export const IMAGE_MODES = ["data-url", "copy", "reference"] as const;
export type ImageMode = (typeof IMAGE_MODES)[number];

/** What tells two images apart: their content hash when known, else their source. */
export type ImageIdentity = (image: ImageRef) => string;
export const byHashOrSource: ImageIdentity = (img) => (img.hash ? `sha256:${img.hash}` : img.source);

export interface ImageCopy {
  /** The image's source as it appears in the samples. */
  source: string;
  /** Path relative to the exported file, with forward slashes, e.g. "images/count-01.png". */
  target: string;
}

export interface ImagePlan {
  /** What to write in the records for an image. */
  pathOf(image: ImageRef): string;
  /** Files the executor copies (or decodes, for data URIs), in first-use order. */
  copies: ImageCopy[];
}

const MIME_EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/bmp": "bmp" };

export function isWebUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function baseName(source: string): string {
  const data = /^data:([^;,]+)/.exec(source);
  if (data) return `image-${hashString(source).toString(16)}.${MIME_EXT[data[1].toLowerCase()] ?? "bin"}`;
  const name = source.split(/[\\/]/).pop() ?? "";
  const clean = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return clean || `image-${hashString(source).toString(16)}`;
}

/** A name not yet taken; compared without case, as on case-insensitive file systems. */
function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}${ext}`.toLowerCase())) return `${stem}-${n}${ext}`;
}

/**
 * The copy plan ("copy"), or the identity plan ("reference"; "data-url" is resolved by the executor, which
 * reads the bytes). Images with one identity share one target.
 */
export function planImages(images: readonly ImageRef[], mode: ImageMode, identityOf: ImageIdentity = byHashOrSource, folder = "images"): ImagePlan {
  const byIdentity = new Map<string, string>();
  const taken = new Set<string>();
  const copies: ImageCopy[] = [];
  if (mode === "copy") {
    for (const img of images) {
      const id = identityOf(img);
      if (byIdentity.has(id) || isWebUrl(img.source)) continue;
      const name = uniqueName(baseName(img.source), taken);
      taken.add(name.toLowerCase());
      const target = `${folder}/${name}`;
      byIdentity.set(id, target);
      copies.push({ source: img.source, target });
    }
  }
  return { pathOf: (img) => byIdentity.get(identityOf(img)) ?? img.source, copies };
}
