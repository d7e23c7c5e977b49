import { createHash } from "node:crypto";
import { canonicalJson } from "../../shared/pipeline/serialize";

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Content hash of any JSON value (canonical: sorted keys), e.g. a pipeline document. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
