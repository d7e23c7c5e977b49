/**
 * Where hub Parquet files live on disk. Two places are read: Cascade's own download cache
 * (`$CASCADE_HF_CACHE`, else `<userData>/hf-cache`), laid out as the hub's cache is
 * (`datasets--{owner}--{name}/snapshots/{revision}/{config}/{split}/0000.parquet`) plus a manifest per split written
 * once every file of it is complete; and huggingface_hub's own cache (`$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
 * `~/.cache/huggingface/hub`), whose `refs/{revision}` name the snapshot folder of a commit.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { userDataDir } from "../../store/paths";

/** The branch the hub's Parquet conversion is published on. */
export const PARQUET_REVISION = "refs/convert/parquet";

export interface HubSplit {
  repo: string;
  config: string;
  split: string;
  revision: string;
}

/** Cascade's download cache. */
export function cascadeHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CASCADE_HF_CACHE || join(userDataDir(env), "hf-cache");
}

/** huggingface_hub's cache folder, as it finds it. */
export function huggingfaceHubCacheDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return join(env.HF_HOME, "hub");
  return join(env.XDG_CACHE_HOME || join(home, ".cache"), "huggingface", "hub");
}

export function repoFolderName(repo: string): string {
  return `datasets--${repo.split("/").join("--")}`;
}

/** A revision as one folder name ("refs/convert/parquet" → "refs%2Fconvert%2Fparquet"). */
function revisionFolder(revision: string): string {
  return encodeURIComponent(revision);
}

/** The folder of a revision's files in Cascade's cache. */
export function snapshotDir(cacheDir: string, s: HubSplit): string {
  return join(cacheDir, repoFolderName(s.repo), "snapshots", revisionFolder(s.revision));
}

function manifestPath(cacheDir: string, s: HubSplit): string {
  return join(cacheDir, repoFolderName(s.repo), "manifests", revisionFolder(s.revision), s.config, `${s.split}.json`);
}

export interface CachedFile {
  /** Path inside the repository, e.g. "default/test/0000.parquet". */
  path: string;
  size: number;
}

/** The split's files in Cascade's cache when all of them are there with their recorded sizes, else null. */
export function completeCachedSplit(cacheDir: string, s: HubSplit): string[] | null {
  let files: CachedFile[];
  try {
    files = (JSON.parse(readFileSync(manifestPath(cacheDir, s), "utf8")) as { files: CachedFile[] }).files;
  } catch {
    return null;
  }
  if (!Array.isArray(files) || files.length === 0) return null;
  const root = snapshotDir(cacheDir, s);
  const paths = files.map((f) => join(root, f.path));
  const intact = paths.every((p, i) => statSync(p, { throwIfNoEntry: false })?.size === files[i].size);
  return intact ? paths : null;
}

/** Records that every file of the split is downloaded (written atomically). */
export async function writeManifest(cacheDir: string, s: HubSplit, files: CachedFile[]): Promise<void> {
  const path = manifestPath(cacheDir, s);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify({ repo: s.repo, config: s.config, split: s.split, revision: s.revision, files }, null, 2));
  await rename(`${path}.tmp`, path);
}

function parquetFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.toLowerCase().endsWith(".parquet") && statSync(p, { throwIfNoEntry: false })?.isFile()) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Whether a file of a snapshot belongs to the split: in the conversion's `{config}/{split}/` folder, or named as `datasets` names shards (`{split}-00000-of-00001.parquet`, `{split}/...`). */
function inSplit(rel: string, s: HubSplit): boolean {
  const parts = rel.split(sep);
  const name = parts[parts.length - 1];
  const folders = parts.slice(0, -1);
  if (folders[0] === s.config && (folders[1] === s.split || folders[1] === `partial-${s.split}`)) return true;
  if (s.config !== "default" && !folders.includes(s.config)) return false;
  return folders.includes(s.split) || name.startsWith(`${s.split}-`) || name === `${s.split}.parquet`;
}

/** The split's Parquet files in huggingface_hub's cache (sorted by path), or null when it has none. */
export function huggingfaceCachedSplit(hubCacheDir: string, s: HubSplit, revisionGiven: boolean): { files: string[]; snapshot: string } | null {
  const repoDir = join(hubCacheDir, repoFolderName(s.repo));
  if (!existsSync(repoDir)) return null;
  const revisions = revisionGiven ? [s.revision] : [PARQUET_REVISION, "main"];
  for (const revision of revisions) {
    let commit = /^[0-9a-f]{40}$/.test(revision) ? revision : undefined;
    if (!commit) {
      try {
        commit = readFileSync(join(repoDir, "refs", ...revision.split("/")), "utf8").trim();
      } catch {
        continue;
      }
    }
    const snapshot = join(repoDir, "snapshots", commit);
    const files = parquetFilesUnder(snapshot)
      .filter((p) => inSplit(relative(snapshot, p), s))
      .sort();
    if (files.length > 0) return { files, snapshot };
  }
  return null;
}

/** Parquet files of the split placed by hand in Cascade's cache (no manifest): read only when the hub cannot be reached. */
export function placedSplitFiles(cacheDir: string, s: HubSplit): string[] {
  const snapshot = snapshotDir(cacheDir, s);
  return parquetFilesUnder(snapshot)
    .filter((p) => inSplit(relative(snapshot, p), s))
    .sort();
}
