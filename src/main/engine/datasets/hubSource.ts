/**
 * The Parquet files of a hub dataset's split, on disk: from huggingface_hub's cache when they are there, else
 * from Cascade's cache when a complete download of the split is recorded, else downloaded (one file at a time,
 * resumable) into Cascade's cache. Then they read as one dataset, file after file, with the Parquet reader.
 * Offline, Parquet files placed by hand in Cascade's cache folder of the split are read (a line says so).
 * Every error names the node and the repo, config and split; none holds the token.
 */
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import type { HuggingFaceSource } from "../../../shared/nodes/kinds/dataset";
import { cascadeHubCacheDir, completeCachedSplit, huggingfaceCachedSplit, huggingfaceHubCacheDir, PARQUET_REVISION, placedSplitFiles, snapshotDir, writeManifest, type HubSplit } from "./hubCache";
import { fileChunks } from "./fileChunks";
import { downloadFile, HubError, hubAccess, listSplitFiles, redact, type DownloadProgress } from "./hubClient";
import { parquetFooter, readParquet } from "./parquet";
import type { RawRow } from "./types";

export interface HubSourceOptions {
  nodeId: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** One line per download step ("downloading ... 40%"); the CLI prints them on stderr. */
  progress?: (line: string) => void;
}

export interface HubFiles {
  /** Absolute paths, in reading order. */
  files: string[];
  /** The folder the files' relative image paths resolve against. */
  root: string;
}

export function hubSplitOf(source: HuggingFaceSource): HubSplit {
  return { repo: source.repo, config: source.config ?? "default", split: source.split, revision: source.revision ?? PARQUET_REVISION };
}

function label(s: HubSplit): string {
  return `${s.repo} (config "${s.config}", split "${s.split}")`;
}

function megabytes(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

async function download(s: HubSplit, cacheDir: string, opts: HubSourceOptions): Promise<string[]> {
  const access = hubAccess(opts.env);
  const listed = await listSplitFiles(access, s.repo, s.config, s.split, s.revision, opts.signal);
  const root = snapshotDir(cacheDir, s);
  const done: { path: string; size: number }[] = [];
  for (const [i, file] of listed.entries()) {
    const dest = join(root, ...file.path.split("/"));
    const name = `${s.repo}/${file.path} (${i + 1}/${listed.length})`;
    let lastStep = -1;
    const report = ({ receivedBytes, totalBytes }: DownloadProgress) => {
      const step = totalBytes ? Math.floor((receivedBytes / totalBytes) * 10) : Math.floor(receivedBytes / 1e7);
      if (step === lastStep) return;
      lastStep = step;
      opts.progress?.(`downloading ${name}: ${megabytes(receivedBytes)}${totalBytes ? ` of ${megabytes(totalBytes)} (${Math.round((receivedBytes / totalBytes) * 100)}%)` : ""}`);
    };
    let size: number;
    try {
      size = await downloadFile(access, file.url, dest, opts.signal, report);
    } catch (e) {
      if (!(e instanceof HubError && e.kind === "not-found" && file.listed !== file.url)) throw e;
      size = await downloadFile(access, file.listed, dest, opts.signal, report);
    }
    done.push({ path: file.path, size });
  }
  await writeManifest(cacheDir, s, done);
  opts.progress?.(`downloaded ${label(s)}: ${listed.length} file${listed.length === 1 ? "" : "s"} into ${root}`);
  return done.map((f) => join(root, ...f.path.split("/")));
}

function explain(e: unknown, s: HubSplit, cacheDir: string, hubCache: string, opts: HubSourceOptions): Error {
  const token = hubAccess(opts.env).token;
  const head = `dataset node "${opts.nodeId}", hub dataset ${label(s)}`;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof HubError && e.kind === "offline") {
    const place = join(snapshotDir(cacheDir, s), s.config, s.split, "0000.parquet");
    return new Error(
      redact(
        `${head}: ${message}, and the split is not in the cache. Offline, place its Parquet files in the cache folder ${cacheDir} (as ${place}; several shards as 0000.parquet, 0001.parquet, ...) ` +
          `or in the Hugging Face cache ${hubCache} (as huggingface_hub downloads them: datasets--${s.repo.replace("/", "--")}/snapshots/<commit>/...), or download them and use a "file" source.`,
        token,
      ),
    );
  }
  return new Error(redact(`${head}: ${message}`, token));
}

/** Finds or downloads the split's files (the cause named in the error when it cannot). */
export async function hubFiles(source: HuggingFaceSource, opts: HubSourceOptions): Promise<HubFiles> {
  const s = hubSplitOf(source);
  const env = opts.env ?? process.env;
  const cacheDir = cascadeHubCacheDir(env);
  const hubCache = huggingfaceHubCacheDir(env);
  const local = huggingfaceCachedSplit(hubCache, s, source.revision !== undefined);
  if (local) return { files: local.files, root: local.snapshot };
  const root = snapshotDir(cacheDir, s);
  const cached = completeCachedSplit(cacheDir, s);
  if (cached) return { files: cached, root };
  try {
    if (/^(1|true|yes|on)$/i.test(env.HF_HUB_OFFLINE ?? "")) throw new HubError("offline", "HF_HUB_OFFLINE is set");
    return { files: await download(s, cacheDir, opts), root };
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    const placed = e instanceof HubError && e.kind === "offline" ? placedSplitFiles(cacheDir, s) : [];
    if (placed.length > 0) {
      opts.progress?.(`${label(s)}: the hub cannot be reached (${(e as Error).message}); reading the ${placed.length} Parquet file${placed.length === 1 ? "" : "s"} placed in ${root}`);
      return { files: placed, root };
    }
    throw explain(e, s, cacheDir, hubCache, opts);
  }
}

/** The rows of the files, one after the other; each row's place names the repo and the file's path in it. */
export async function* readHubRows(source: HuggingFaceSource, found: HubFiles, signal?: AbortSignal): AsyncGenerator<RawRow> {
  for (const file of found.files) {
    const prefix = `${source.repo}/${relative(found.root, file).split("\\").join("/")}`;
    for await (const row of readParquet(file, signal)) {
      const where = `${prefix.slice(0, prefix.lastIndexOf("/") + 1)}${row.where}`;
      yield { ...row, where, ...(row.error !== undefined ? { error: row.error.startsWith(row.where) ? where + row.error.slice(row.where.length) : `${where}: ${row.error}` } : {}) };
    }
  }
}

/** sha256 over the files' bytes in order (one file: the same fingerprint as the file read locally) and the footers' row count. */
export async function inspectHubFiles(found: HubFiles): Promise<{ fingerprint: string; estimate: number }> {
  const hash = createHash("sha256");
  let rows = 0;
  for (const file of found.files) {
    rows += Number((await parquetFooter(file)).metadata.num_rows);
    for await (const chunk of fileChunks(file)) hash.update(chunk);
  }
  return { fingerprint: hash.digest("hex"), estimate: rows };
}
