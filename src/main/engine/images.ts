/**
 * Images for prompts: a file path (relative to the dataset's folder, then to the pipeline's), an http(s) URL or
 * a data URI → { mime, base64, sha256 }. Each source is read and hashed once per run; the bytes are kept in a
 * bounded LRU (so a large image dataset does not fill memory) and re-read if evicted. With a maximum side (a
 * model's `maxImageSide`) the down-scaled variant is made once per run as well, and its hash is of the scaled
 * bytes — the bytes actually sent — so cache keys follow what the model saw.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { LoadedImage } from "../providers/types";
import { fitImage, scaleImage, type ImageFit } from "./imageScale";

/** How an image is to be sent: a maximum side (a model's maxImageSide) or a provider's whole fit (`who` names it). */
export type ImageVariant = number | (ImageFit & { who: string });

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const SUPPORTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** The image type from its first bytes; null when it is none of the supported ones. */
export function sniffImageType(bytes: Uint8Array): string | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return "image/gif";
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  return null;
}

export interface ImageLoaderOptions {
  /** Folders a relative path is looked up in, in order. */
  dirs: string[];
  signal?: AbortSignal;
  /** Bytes of image data kept in memory (default 64 MB). */
  cacheBytes?: number;
  fetch?: typeof fetch;
}

/** The cache key of an image variant: the source alone for the original bytes. */
function variantKey(source: string, variant?: ImageVariant): string {
  if (!variant) return source;
  return `${typeof variant === "number" ? variant : JSON.stringify(variant)}\u0000${source}`;
}

function describeSource(source: string): string {
  return source.startsWith("data:") ? `${source.slice(0, 32)}…` : source;
}

export class ImageLoader {
  private readonly loaded = new Map<string, LoadedImage>();
  private readonly pending = new Map<string, Promise<LoadedImage>>();
  private readonly meta = new Map<string, { hash: string; mime: string }>();
  private bytes = 0;
  private readonly cacheBytes: number;

  constructor(private readonly opts: ImageLoaderOptions) {
    this.cacheBytes = opts.cacheBytes ?? 64 * 1024 * 1024;
  }

  /** Hash and type of an image (loading it if needed); with maxSide, of its down-scaled variant. */
  async info(source: string, maxSide?: ImageVariant): Promise<{ hash: string; mime: string }> {
    const known = this.meta.get(variantKey(source, maxSide));
    if (known) return known;
    const img = await this.load(source, maxSide);
    return { hash: img.hash, mime: img.mime };
  }

  /** The image as sent: the original bytes, or with maxSide the variant whose longer side is at most maxSide. */
  async load(source: string, maxSide?: ImageVariant): Promise<LoadedImage> {
    const key = variantKey(source, maxSide);
    const hit = this.loaded.get(key);
    if (hit) {
      this.loaded.delete(key);
      this.loaded.set(key, hit); // most recently used last
      return hit;
    }
    let p = this.pending.get(key);
    if (!p) {
      p = (maxSide ? this.scaled(source, maxSide) : this.read(source)).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    const img = await p;
    this.remember(key, img);
    return img;
  }

  private async scaled(source: string, variant: ImageVariant): Promise<LoadedImage> {
    const original = await this.load(source);
    const bytes = Buffer.from(original.data, "base64");
    const out =
      typeof variant === "number"
        ? await scaleImage(bytes, original.mime, variant, describeSource(source))
        : await fitImage(bytes, original.mime, variant, describeSource(source), variant.who);
    if (!out.scaled) return original;
    return { mime: out.mime, data: Buffer.from(out.bytes).toString("base64"), hash: createHash("sha256").update(out.bytes).digest("hex") };
  }

  private remember(source: string, img: LoadedImage): void {
    this.meta.set(source, { hash: img.hash, mime: img.mime });
    if (this.loaded.has(source)) return;
    this.loaded.set(source, img);
    this.bytes += img.data.length;
    for (const [key, old] of this.loaded) {
      if (this.bytes <= this.cacheBytes || this.loaded.size <= 1) break;
      this.loaded.delete(key);
      this.bytes -= old.data.length;
    }
  }

  private async read(source: string): Promise<LoadedImage> {
    const bytes = await this.bytesOf(source);
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw new Error(`image ${describeSource(source)} is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is 20 MB`);
    }
    const mime = sniffImageType(bytes);
    if (!mime) throw new Error(`image ${describeSource(source)}: unsupported type (supported: PNG, JPEG, GIF, WebP)`);
    const hash = createHash("sha256").update(bytes).digest("hex");
    const known = this.meta.get(source);
    if (known && known.hash !== hash) throw new Error(`image ${describeSource(source)} changed during the run`);
    return { mime, data: Buffer.from(bytes).toString("base64"), hash };
  }

  private async bytesOf(source: string): Promise<Uint8Array> {
    if (source.startsWith("data:")) {
      const m = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(source);
      if (!m) throw new Error(`image ${describeSource(source)}: malformed data URI`);
      return m[2] ? Buffer.from(m[3], "base64") : Buffer.from(decodeURIComponent(m[3]), "utf8");
    }
    if (/^https?:\/\//i.test(source)) {
      const res = await (this.opts.fetch ?? fetch)(source, { signal: this.opts.signal });
      if (!res.ok) throw new Error(`image ${source}: HTTP ${res.status}`);
      const declared = Number(res.headers.get("content-length") ?? 0);
      if (declared > MAX_IMAGE_BYTES) throw new Error(`image ${source} is ${(declared / 1048576).toFixed(1)} MB; the limit is 20 MB`);
      return new Uint8Array(await res.arrayBuffer());
    }
    const candidates = isAbsolute(source) ? [source] : [...new Set(this.opts.dirs.map((d) => resolve(d, source)))];
    for (const path of candidates) {
      let size: number;
      try {
        const st = await stat(path);
        if (!st.isFile()) continue;
        size = st.size;
      } catch {
        continue;
      }
      if (size > MAX_IMAGE_BYTES) throw new Error(`image ${source} is ${(size / 1048576).toFixed(1)} MB; the limit is 20 MB`);
      return readFile(path);
    }
    throw new Error(`image not found: ${source} (looked in ${candidates.join(", ")})`);
  }
}
