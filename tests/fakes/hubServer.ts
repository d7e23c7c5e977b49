/** A fake Hugging Face hub on 127.0.0.1: the Parquet listing and resolve routes of one dataset split, with Range. */
import { statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  url: string;
  range?: string;
  auth?: string;
}

export interface FakeHub {
  base: string;
  seen: Seen[];
  close(): Promise<void>;
}

export interface FakeHubOptions {
  /** Cut the first download once this .part file holds half of it. */
  cutAfterPart?: string;
  /** Answer 401 without a Bearer token, 403 with another one. */
  token?: string;
  /** Serve the files only at the listed URLs (.../parquet/default/test/{n}.parquet), the resolve route answering 404. */
  onlyListed?: boolean;
}

/** Serves `files` (repo path → bytes) of `repo`'s split default/test; cuts the first download halfway when asked. */
export async function fakeHub(repo: string, files: Record<string, Uint8Array>, opts: FakeHubOptions = {}): Promise<FakeHub> {
  const seen: Seen[] = [];
  let cut = opts.cutAfterPart !== undefined;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? "";
    seen.push({ url, range: req.headers.range, auth: req.headers.authorization });
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(req.headers.authorization ? 403 : 401).end("gated");
      return;
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url === `/api/datasets/${repo}/parquet/default/test`) {
      const names = Object.keys(files).map((_, i) => `${base}/api/datasets/${repo}/parquet/default/test/${i}.parquet`);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(names));
      return;
    }
    const prefix = `/datasets/${repo}/resolve/refs%2Fconvert%2Fparquet/`;
    const listedShard = /^\/api\/datasets\/[^/]+\/[^/]+\/parquet\/default\/test\/(\d+)\.parquet$/.exec(url);
    const bytes = opts.onlyListed
      ? listedShard
        ? Object.values(files)[Number(listedShard[1])]
        : undefined
      : url.startsWith(prefix)
        ? files[decodeURIComponent(url.slice(prefix.length))]
        : undefined;
    if (!bytes) {
      res.writeHead(404).end("not found");
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const from = range ? Number(range[1]) : 0;
    const body = Buffer.from(bytes.subarray(from));
    const headers = { "content-length": String(body.length), ...(range ? { "content-range": `bytes ${from}-${bytes.length - 1}/${bytes.length}` } : {}) };
    res.writeHead(range ? 206 : 200, headers);
    if (cut) {
      cut = false;
      // Cut the connection once the client has the first half on disk in its .part file (no timing involved).
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      const check = () => (statSync(opts.cutAfterPart!, { throwIfNoEntry: false })?.size === half ? res.destroy() : setTimeout(check, 5));
      check();
      return;
    }
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** The address of a port nobody listens on (it was just freed). */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${port}`;
}

