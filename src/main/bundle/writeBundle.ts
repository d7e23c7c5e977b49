/**
 * `cascade bundle`: one SQLite file with runs as they ran — documents, records (without the author's paths),
 * the dataset rows they used (the dataset node's results), all results and traces, the call-cache rows behind
 * them and, with `images`, the images the rows name. Written to a temporary file beside the target, checked for
 * secrets, then renamed: a failed bundle leaves nothing behind and never replaces an existing file half-written.
 */
import { renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { BundleFile } from "../store/bundleReader";
import { writeBundleFile, type BundleWriteCounts } from "../store/bundleWriter";
import type { Store } from "../store/store";
import { APP_VERSION } from "../service/version";
import { collectImages } from "./bundleImages";
import { bundledRecord } from "./scrubRecord";
import { secretsInFile, secretValues } from "./secretScan";

export interface WriteBundleOptions {
  /** Run ids or unique prefixes. */
  runs: readonly string[];
  out: string;
  /** Carry the images the dataset rows name. */
  images?: boolean;
  /** Where secrets are looked for (default process.env). */
  env?: Record<string, string | undefined>;
  now?: number;
}

export interface WriteBundleResult {
  out: string;
  runIds: string[];
  counts: BundleWriteCounts;
  /** Images the rows name that were not found (not in the bundle). */
  missingImages: string[];
  bytes: number;
}

export function writeBundle(store: Store, opts: WriteBundleOptions): WriteBundleResult {
  const runIds = [...new Set(opts.runs.map((r) => store.runs.resolveId(r)))];
  const docs = runIds.map((id) => {
    const state = store.runMeta.state(id);
    if (state?.status === "running") throw new Error(`run ${id} is still running: bundle it when it has ended`);
    return store.runMeta.docOf(id)!.doc;
  });
  const outDir = dirname(opts.out);
  if (!statSync(outDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`cannot write the bundle ${opts.out}: the folder ${outDir} does not exist`);
  if (statSync(opts.out, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`cannot write the bundle ${opts.out}: it is a folder`);
  const collected = opts.images ? collectImages(store, runIds) : { images: [], missing: [] };
  const tmp = `${opts.out}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    const counts = writeBundleFile(store, tmp, {
      runIds,
      meta: { appName: "cascade-studio", appVersion: APP_VERSION, createdAt: String(opts.now ?? Date.now()), images: opts.images ? "yes" : "no" },
      recordOf: (_id, stored) => bundledRecord(stored),
      images: collected.images,
    });
    const secrets = secretValues(docs, opts.env);
    const bundle = BundleFile.open(tmp);
    let found: string[];
    try {
      const inText = new Set(bundle.textsFound([...secrets.values()]));
      found = [...new Set([...secretsInFile(tmp, secrets), ...[...secrets].filter(([, v]) => inText.has(v)).map(([name]) => name)])];
    } finally {
      bundle.close();
    }
    if (found.length) throw new Error(`the bundle would hold the value of the environment variable${found.length > 1 ? "s" : ""} ${found.join(", ")} (a secret?); nothing was written`);
    renameSync(tmp, opts.out);
    return { out: opts.out, runIds, counts, missingImages: collected.missing, bytes: statSync(opts.out).size };
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    throw e;
  }
}
