import * as crypto from "node:crypto";
import { canonicalJson } from "../../shared/pipeline/serialize";

/** One-shot crypto.hash (Node ≥ 20.12) is much cheaper than createHash for many small inputs. */
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex") => string }).hash;

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}

/** Content hash of any JSON value (canonical: sorted keys), e.g. a pipeline document. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
