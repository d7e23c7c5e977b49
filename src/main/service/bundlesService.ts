/**
 * bundles.import (File → Open bundle…): the page sends the bundle's bytes; they go to a temp file under the
 * bundle's own name and through importBundle, the code of `cascade import` (same checks, same "imported" mark,
 * re-run folders in <importsDir>/<run id>/). The temp file is removed whatever happens.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Params, Result } from "../../shared/contract";
import { importBundle } from "../bundle/importBundle";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";

/** The name kept as the runs' source: the last path part, without characters a file name cannot have. */
function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f<>:"|?*]/g, "_");
  return base && base !== "." && base !== ".." ? base : "bundle.cascade";
}

export function bundlesService(store: Store, importsDir: string): { "bundles.import": (p: Params<"bundles.import">) => Promise<Result<"bundles.import">> } {
  return {
    "bundles.import": async ({ name, bytesBase64 }) => {
      const bytes = Buffer.from(bytesBase64, "base64");
      if (bytes.length === 0) throw new ServiceError(`bundles.import: ${name} is empty`);
      const dir = mkdtempSync(join(tmpdir(), "cascade-bundle-"));
      try {
        const file = join(dir, safeName(name));
        writeFileSync(file, bytes);
        const result = importBundle(store, file, { dir: importsDir });
        return { appVersion: result.appVersion, cacheRows: result.cacheRows, runs: result.runs.map((r) => ({ id: r.id, label: r.label, imported: r.imported })) };
      } catch (e) {
        throw new ServiceError(`bundles.import: ${(e as Error).message.split(dir + "/").join("")}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
