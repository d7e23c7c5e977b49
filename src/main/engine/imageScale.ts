/**
 * Down-scaling of prompt images to a maximum side (a model config's `maxImageSide`), with sharp (libvips;
 * prebuilt binaries come from npm platform packages, no download at install). The type is kept (PNG stays
 * PNG, JPEG stays JPEG at quality 90, WebP and GIF likewise); an image already within the limit is returned
 * as the very same bytes, so its hash — and every cache key holding it — does not change.
 */
import type { Metadata } from "sharp";

type Sharp = typeof import("sharp").default;

/** Decoded pixels allowed per image (a decompression bomb is refused before it is decoded): 100 megapixels. */
export const MAX_IMAGE_PIXELS = 100_000_000;

export interface ScaledImage {
  bytes: Uint8Array;
  mime: string;
  width: number;
  height: number;
  /** False when the image was already small enough and `bytes` are the input's. */
  scaled: boolean;
}

let sharpPromise: Promise<Sharp> | undefined;
function loadSharp(): Promise<Sharp> {
  sharpPromise ??= import("sharp").then((m) => m.default);
  return sharpPromise;
}

/** Scales `bytes` (of type `mime`) so that the longer side is at most `maxSide`; `what` names the image in errors. */
export async function scaleImage(bytes: Uint8Array, mime: string, maxSide: number, what: string): Promise<ScaledImage> {
  const sharp = await loadSharp();
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata(); // header only; the limit is checked below
  } catch (e) {
    throw new Error(`image ${what}: cannot read it as ${mime} (${(e as Error).message})`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw new Error(`image ${what}: cannot read its size`);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new Error(`image ${what} is ${width}×${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels`);
  }
  if (Math.max(width, height) <= maxSide) return { bytes, mime, width, height, scaled: false };

  const pipeline = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS })
    .rotate() // honour EXIF orientation before measuring the sides
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true });
  const encoded =
    mime === "image/jpeg"
      ? pipeline.jpeg({ quality: 90 })
      : mime === "image/webp"
        ? pipeline.webp({ quality: 90 })
        : mime === "image/gif"
          ? pipeline.gif()
          : pipeline.png();
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mime, width: info.width, height: info.height, scaled: true };
  } catch (e) {
    throw new Error(`image ${what}: down-scaling to ${maxSide} px failed (${(e as Error).message})`);
  }
}

/** What a provider accepts: a longest side, a size in bytes (of the decoded image) and the image types. */
export interface ImageFit {
  maxSide?: number;
  maxBytes?: number;
  types?: readonly string[];
}

/** JPEG qualities tried, then side reductions, to bring an image under maxBytes. */
const QUALITIES = [85, 70];
const SHRINK = 0.75;

/**
 * The image as a provider takes it: a type it does not accept is re-encoded (PNG; JPEG when that is what it
 * takes), a side over maxSide is scaled down, and bytes over maxBytes are re-encoded as JPEG and shrunk
 * until they fit. An image that fits already comes back as the same bytes (same hash, same cache keys).
 * `who` names the limit's owner in errors, e.g. "anthropic".
 */
export async function fitImage(bytes: Uint8Array, mime: string, fit: ImageFit, what: string, who: string): Promise<ScaledImage> {
  const acceptable = (m: string, n: number) => (!fit.types || fit.types.includes(m)) && (!fit.maxBytes || n <= fit.maxBytes);
  // Without a side limit an acceptable image is sent as it is, without decoding it.
  if (!fit.maxSide && acceptable(mime, bytes.byteLength)) return { bytes, mime, width: 0, height: 0, scaled: false };
  let out = await scaleImage(bytes, mime, fit.maxSide ?? Number.MAX_SAFE_INTEGER, what);
  const typeOk = !fit.types || fit.types.includes(out.mime);
  const sizeOk = !fit.maxBytes || out.bytes.byteLength <= fit.maxBytes;
  if (typeOk && sizeOk) return out;
  const sharp = await loadSharp();
  const [width, height] = [out.width, out.height];
  const target = !typeOk && fit.types && !fit.types.includes("image/png") ? "image/jpeg" : sizeOk ? "image/png" : "image/jpeg";
  const encode = async (input: Uint8Array, scale: number, quality: number): Promise<ScaledImage> => {
    let p = sharp(Buffer.from(input), { limitInputPixels: MAX_IMAGE_PIXELS, animated: false }).rotate();
    if (scale < 1) p = p.resize({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), fit: "inside" });
    const { data, info } = await (target === "image/png" ? p.png() : p.flatten({ background: "#ffffff" }).jpeg({ quality })).toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mime: target, width: info.width, height: info.height, scaled: true };
  };
  try {
    const source = out.bytes;
    out = await encode(source, 1, QUALITIES[0]);
    if (fit.types && !fit.types.includes(out.mime)) throw new Error(`${who} accepts ${fit.types.join(", ")}`);
    for (let step = 0, scale = 1; fit.maxBytes && out.bytes.byteLength > fit.maxBytes; step++) {
      if (step >= 12) throw new Error(`still ${out.bytes.byteLength} bytes after shrinking`);
      if (step < QUALITIES.length - 1) out = await encode(source, scale, QUALITIES[step + 1]);
      else out = await encode(source, (scale *= SHRINK), QUALITIES[QUALITIES.length - 1]);
    }
    return out;
  } catch (e) {
    const limit = fit.maxBytes ? `${(fit.maxBytes / 1048576).toFixed(2)} MB` : "its types";
    throw new Error(`image ${what}: cannot be fitted to ${who}'s limit (${limit}): ${(e as Error).message}`);
  }
}
