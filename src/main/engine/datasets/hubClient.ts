/**
 * The Hugging Face hub's HTTP routes a dataset source uses: the Parquet conversion's listing
 * (`GET {endpoint}/api/datasets/{repo}/parquet/{config}/{split}`, a JSON array of file URLs) and the file route
 * (`GET {endpoint}/datasets/{repo}/resolve/{revision}/{path}`), downloaded into a `.part` file that a later
 * attempt continues with a Range request and that is renamed when its size is the announced one.
 * The endpoint is `$HF_ENDPOINT` (mirrors), else https://huggingface.co; `$HF_TOKEN` goes as a Bearer token and
 * is cut out of every message.
 */
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { lockDownload } from "./downloadLock";
import { PARQUET_REVISION } from "./hubCache";

export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";
const DOWNLOAD_ATTEMPTS = 4;

export interface HubAccess {
  endpoint: string;
  token?: string;
}

export function hubAccess(env: NodeJS.ProcessEnv = process.env): HubAccess {
  const endpoint = (env.HF_ENDPOINT || DEFAULT_HUB_ENDPOINT).replace(/\/+$/, "");
  const token = env.HF_TOKEN?.trim() || undefined;
  return { endpoint, token };
}

export type HubErrorKind = "offline" | "auth" | "not-found" | "http" | "incomplete";

export class HubError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The text with the token replaced by "***". */
export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join("***") : text;
}

const OFFLINE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"]);

function errorCode(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string; errors?: { code?: string }[] } };
  return err?.cause?.code ?? err?.cause?.errors?.[0]?.code ?? err?.code;
}

async function hubFetch(access: HubAccess, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  const all: Record<string, string> = { ...headers };
  if (access.token && url.startsWith(`${access.endpoint}/`)) all.authorization = `Bearer ${access.token}`;
  try {
    return await fetch(url, { headers: all, signal });
  } catch (e) {
    const code = errorCode(e);
    if (code && OFFLINE_CODES.has(code)) throw new HubError("offline", `${access.endpoint} cannot be reached (${code})`);
    throw new HubError("http", `${url}: ${(e as Error).message}${code ? ` (${code})` : ""}`);
  }
}

async function refuse(res: Response, url: string, access: HubAccess): Promise<never> {
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 401 || res.status === 403) {
    throw new HubError(
      "auth",
      access.token
        ? `the hub refused the token in HF_TOKEN (HTTP ${res.status}): check it has read access and that you accepted the dataset's conditions on its page`
        : `the dataset needs a login (HTTP ${res.status}): set HF_TOKEN to a read token of an account that accepted the dataset's conditions`,
    );
  }
  if (res.status === 404) throw new HubError("not-found", `not found on the hub (HTTP 404): ${url}`);
  throw new HubError("http", `HTTP ${res.status} ${res.statusText} from ${url}`);
}

export interface HubFile {
  /** Path inside the repository at the revision, e.g. "default/test/0000.parquet". */
  path: string;
  url: string;
  /** The URL as the listing gave it (the hub redirects it to the file), tried when `url` is not found. */
  listed: string;
}

/**
 * The split's Parquet files. A listing URL `.../parquet/{config}/{split}/{n}.parquet` is the conversion's file
 * `{config}/{split}/{nnnn}.parquet`, fetched through the resolve route at the revision (a large split's
 * conversion may live elsewhere, e.g. `partial-{split}/`: the listed URL, which the hub redirects, is the fallback).
 */
export async function listSplitFiles(access: HubAccess, repo: string, config: string, split: string, revision: string, signal?: AbortSignal): Promise<HubFile[]> {
  const url = `${access.endpoint}/api/datasets/${repo}/parquet/${encodeURIComponent(config)}/${encodeURIComponent(split)}`;
  const res = await hubFetch(access, url, { accept: "application/json" }, signal);
  if (!res.ok) await refuse(res, url, access);
  const body = (await res.json().catch(() => null)) as unknown;
  if (!Array.isArray(body) || body.some((u) => typeof u !== "string")) throw new HubError("http", `${url} did not answer a JSON array of file URLs`);
  if (body.length === 0) throw new HubError("not-found", `the hub lists no Parquet files for this split (${url})`);
  const resolve = (path: string) => `${access.endpoint}/datasets/${repo}/resolve/${encodeURIComponent(revision || PARQUET_REVISION)}/${path.split("/").map(encodeURIComponent).join("/")}`;
  return (body as string[]).map((listed) => {
    const shard = /\/parquet\/[^/]+\/[^/]+\/(\d+)\.parquet$/.exec(listed);
    if (shard) {
      const path = `${config}/${split}/${shard[1].padStart(4, "0")}.parquet`;
      return { path, url: resolve(path), listed };
    }
    const resolved = /\/resolve\/[^/]+\/(.+)$/.exec(listed);
    const path = resolved ? decodeURIComponent(resolved[1]) : "";
    // The path becomes a place in the cache folder: no "..", no absolute path, no backslash.
    if (resolved && path.endsWith(".parquet") && !path.split("/").some((p) => p === ".." || p === "." || p === "") && !path.includes("\\")) return { path, url: listed, listed };
    throw new HubError("http", `the listing names a file this source cannot place: ${listed}`);
  });
}

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number | null;
}

/** The total size a 206 announces ("bytes 100-199/200" → 200), after checking it starts where the part ends. */
function rangeTotal(res: Response, from: number): number | null {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
  if (!m || Number(m[1]) !== from) return null;
  return m[2] === "*" ? null : Number(m[2]);
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

/** One attempt: continues `part` from its size (or starts over when the server ignores the Range); true when complete. */
async function attempt(access: HubAccess, url: string, part: string, signal: AbortSignal | undefined, onProgress: (p: DownloadProgress) => void): Promise<void> {
  const have = await sizeOf(part);
  const res = await hubFetch(access, url, have > 0 ? { range: `bytes=${have}-` } : {}, signal);
  if (res.status === 416 && have > 0) {
    await res.body?.cancel().catch(() => undefined);
    await rm(part, { force: true });
    throw new HubError("incomplete", `the partial file did not match the server's (HTTP 416): starting over`);
  }
  if (!res.ok) await refuse(res, url, access);
  const resumed = res.status === 206;
  const announced = resumed ? rangeTotal(res, have) : Number(res.headers.get("content-length") ?? NaN);
  if (resumed && announced === null) {
    await res.body?.cancel().catch(() => undefined);
    await rm(part, { force: true });
    throw new HubError("incomplete", `the server answered a range that does not continue the partial file: starting over`);
  }
  const total = Number.isFinite(announced) ? (announced as number) : null;
  let received = resumed ? have : 0;
  onProgress({ receivedBytes: received, totalBytes: total });
  if (!res.body) throw new HubError("incomplete", `${url}: empty answer`);
  // Each chunk is on disk before the next is read, so a cut connection leaves all it delivered in the part.
  const out = await open(part, resumed ? "a" : "w");
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await out.write(chunk);
      received += chunk.length;
      onProgress({ receivedBytes: received, totalBytes: total });
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new HubError("incomplete", `the connection was cut after ${received} bytes (${errorCode(e) ?? (e as Error).message})`);
  } finally {
    await out.close();
  }
  const size = await sizeOf(part);
  if (total !== null && size !== total) throw new HubError("incomplete", `got ${size} of ${total} bytes`);
}

/**
 * Downloads `url` to `dest` through `dest.part`, continuing a part left by an earlier run or a cut attempt
 * (up to 4 attempts in a row); `dest` appears only once complete, and one process at a time downloads it
 * (downloadLock.ts). Returns its size.
 */
export async function downloadFile(access: HubAccess, url: string, dest: string, signal: AbortSignal | undefined, onProgress: (p: DownloadProgress) => void): Promise<number> {
  const part = `${dest}.part`;
  await mkdir(dirname(dest), { recursive: true });
  const unlock = await lockDownload(dest);
  let last: HubError | undefined;
  try {
    for (let i = 0; i < DOWNLOAD_ATTEMPTS; i++) {
      if (signal?.aborted) throw new Error("cancelled");
      try {
        await attempt(access, url, part, signal, onProgress);
        await rename(part, dest);
        return await sizeOf(dest);
      } catch (e) {
        if (!(e instanceof HubError) || e.kind !== "incomplete") throw e;
        last = e;
      }
    }
  } finally {
    await unlock();
  }
  throw new HubError("incomplete", `download of ${url} did not complete after ${DOWNLOAD_ATTEMPTS} attempts: ${last?.message} (the partial file is kept and continues next time)`);
}
