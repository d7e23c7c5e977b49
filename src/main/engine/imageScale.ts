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
