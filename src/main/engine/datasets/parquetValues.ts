/**
 * Parquet values as a JSONL row would hold them, so a benchmark reads the same from either file:
 * - the hub's Image feature, a struct `{bytes, path}`: its bytes as a data URI (the image loader hashes the
 *   bytes, so the cache keys equal those of the same image read from a file), or its path when it has no bytes;
 * - a binary column: a data URI (an image's own type, else application/octet-stream);
 * - 64-bit integers: numbers when exact, else decimal text; dates: ISO text;
 * - lists and structs: arrays and objects of the same conversions.
 */
import { sniffImageType } from "../images";

function dataUri(bytes: Uint8Array): string {
  const mime = sniffImageType(bytes) ?? "application/octet-stream";
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}`;
}

function isImageStruct(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 2 && "bytes" in v && "path" in v;
}

export function parquetValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Uint8Array) return dataUri(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, parquetValue);
  if (Array.isArray(v)) return v.map(parquetValue);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (isImageStruct(o)) {
      if (o.bytes instanceof Uint8Array && o.bytes.length > 0) return dataUri(o.bytes);
      if (typeof o.bytes === "string" && o.bytes !== "") return dataUri(Buffer.from(o.bytes, "latin1"));
      return typeof o.path === "string" && o.path !== "" ? o.path : null;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = parquetValue(x);
    return out;
  }
  throw new Error(`a value of an unsupported kind (${typeof v})`);
}

export function parquetRecord(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = parquetValue(v);
  return out;
}
