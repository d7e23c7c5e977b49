/** `cascade serve` as a user runs it: one URL line, the page and the socket work, SIGTERM stops it cleanly. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";

const ROOT = resolve(__dirname, "../../..");
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** Starts `cascade serve` with `args`, reads its URL, stops it; returns the URL. */
async function serveOnce(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, "bin/cascade.mjs"), "serve", ...args], { cwd: ROOT });
  let out = "";
  child.stdout.setEncoding("utf8");
  const line = await new Promise<string>((done, fail) => {
    child.stdout.on("data", (c: string) => {
      out += c;
      if (out.includes("\n")) done(out.split("\n")[0]);
    });
    child.on("exit", (code) => fail(new Error(`serve exited early (${code}): ${out}`)));
  });
  const exit = new Promise((done) => child.on("exit", done));
  child.kill("SIGTERM");
  await exit;
  return line.replace(/^Cascade Studio \(browser mode\): /, "");
}

describe.skipIf(!existsSync(join(ROOT, "out/renderer/index.html")))("cascade serve", () => {
  it("prints the URL with its token, serves the app and the socket, and stops on SIGTERM", async () => {
    dir = mkdtempSync(join(tmpdir(), "cascade-serve-"));
    const child = spawn(process.execPath, [join(ROOT, "bin/cascade.mjs"), "serve", "--port", "0", "--db", join(dir, "c.db")], { cwd: ROOT });
    let out = "";
    child.stdout.setEncoding("utf8");
    const line = await new Promise<string>((done, fail) => {
      child.stdout.on("data", (c: string) => {
        out += c;
        if (out.includes("\n")) done(out.split("\n")[0]);
      });
      child.on("exit", (code) => fail(new Error(`serve exited early (${code}): ${out}`)));
    });
    const match = /^Cascade Studio \(browser mode\): (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{32}))$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, url, port, token] = match!;
    expect((await fetch(url)).status).toBe(200);
    const reply = await new Promise<string>((done, fail) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
      ws.on("open", () => ws.send(JSON.stringify({ id: 1, method: "app.info" })));
      ws.on("message", (d) => {
        done(String(d));
        ws.close();
      });
      ws.on("error", fail);
    });
    expect(JSON.parse(reply)).toMatchObject({ id: 1, ok: true, result: { mode: "browser", dbPath: join(dir, "c.db") } });
    const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("keeps its port and token per installation, so a bookmark works after a restart; --new-token rotates the token (#12 item 11)", async () => {
    dir = mkdtempSync(join(tmpdir(), "cascade-serve-"));
    const db = join(dir, "c.db");
    const free = await new Promise<number>((done) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => done(port));
      });
    });
    const first = await serveOnce(["--port", String(free), "--db", db]);
    const again = await serveOnce(["--db", db]);
    expect(again).toBe(first);
    expect(first).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${free}/\\?token=`));
    const kept = JSON.parse(readFileSync(join(dir, "browser-mode.json"), "utf8")) as { port: number; token: string };
    expect(first).toBe(`http://127.0.0.1:${kept.port}/?token=${kept.token}`);
    expect(statSync(join(dir, "browser-mode.json")).mode & 0o077).toBe(0);
    const rotated = await serveOnce(["--db", db, "--new-token"]);
    expect(rotated).not.toBe(first);
    expect(new URL(rotated).port).toBe(String(free));
    expect(await serveOnce(["--db", db])).toBe(rotated);
  });

  it("refuses a bad --port with exit code 2", async () => {
    const child = spawn(process.execPath, [join(ROOT, "bin/cascade.mjs"), "serve", "--port", "http"], { cwd: ROOT });
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code).toBe(2);
    expect(err).toContain("--port must be a number");
  });
});
