/**
 * The images of an export (modes in shared/ddf/imagePlan.ts): every image's identity is its content hash (the
 * hash a prompt recorded, else the sha256 of its bytes), so one picture named two ways is one file; "copy"
 * plans the files to write, "data-url" reads each distinct image once and embeds it as a base64 data URL.
 * Web URLs stay as they are in every mode.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { ImagePathOf } from "../../../shared/ddf/exportFormats";
import { isWebUrl, planImages, type ImageCopy, type ImageMode } from "../../../shared/ddf/imagePlan";
import type { ImageRef } from "../../../shared/values";
import { sniffImageType } from "../images";

export interface ExportImages {
  pathOf: ImagePathOf;
  copies: ImageCopy[];
  embedded: number;
}

/** An image's bytes: a data URI's, or the file's (an absolute path, else looked up in dirs in order). */
export async function exportImageBytes(source: string, dirs: string[], nodeId: string): Promise<Uint8Array> {
  if (source.startsWith("data:")) {
    const m = /^data:[^;,]*(;base64)?,(.*)$/s.exec(source);
    if (!m) throw new Error(`export ${nodeId}: image "${source.slice(0, 40)}…" is stored by its hash only; export it with images: reference`);
    return m[1] ? Buffer.from(m[2], "base64") : Buffer.from(decodeURIComponent(m[2]));
  }
  const candidates = isAbsolute(source) ? [source] : dirs.map((d) => resolve(d, source));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`export ${nodeId}: image "${source}" not found (looked in ${candidates.join(", ")})`);
  return readFile(found);
}

export async function exportImages(images: readonly ImageRef[], mode: ImageMode, dirs: string[], nodeId: string): Promise<ExportImages> {
  if (mode === "reference") return { ...planImages(images, "reference"), embedded: 0 };
  // Identity by content: one read per distinct source without a recorded hash.
  const hashOfSource = new Map<string, string>();
  for (const img of images) {
    if (isWebUrl(img.source) || hashOfSource.has(img.source)) continue;
    hashOfSource.set(img.source, img.hash ?? createHash("sha256").update(await exportImageBytes(img.source, dirs, nodeId)).digest("hex"));
  }
  const identityOf = (img: ImageRef) => {
    const hash = hashOfSource.get(img.source);
    return hash ? `sha256:${hash}` : img.source;
  };
  if (mode === "copy") return { ...planImages(images, "copy", identityOf), embedded: 0 };

  const urls = new Map<string, string>();
  for (const img of images) {
    const id = identityOf(img);
    if (isWebUrl(img.source) || urls.has(id)) continue;
    const bytes = await exportImageBytes(img.source, dirs, nodeId);
    const mime = sniffImageType(bytes);
    if (!mime) throw new Error(`export ${nodeId}: image "${img.source.slice(0, 80)}" is not a PNG, JPEG, GIF or WebP file`);
    urls.set(id, `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`);
  }
  return { pathOf: (img) => urls.get(identityOf(img)) ?? img.source, copies: [], embedded: urls.size };
}
