/** `--host`: the Host check stays on when listening on all interfaces (this machine's names), and a server
 * other machines can reach warns that the token travels in clear text. */
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { remoteWarning } from "../../../src/main/cli/commands/serve";
import { allowedHostNames, checkHost, isLoopback } from "../../../src/main/server/security";
import { startServer } from "../../../src/main/server/startServer";
import { rawGet } from "./helpers";

const req = (host?: string) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;
const machine = { addresses: ["127.0.0.1", "192.168.1.7", "fe80::1%eth0", "::1"], hostname: "Lab-PC" };

describe("the Host check", () => {
  it("on 0.0.0.0 allows this machine's addresses and name, and refuses any other host", () => {
    const names = allowedHostNames("0.0.0.0", machine);
    for (const ok of ["127.0.0.1:8080", "localhost:8080", "192.168.1.7:8080", "[fe80::1]:8080", "[::1]:8080", "lab-pc:8080", "lab-pc.local:8080"]) {
      expect(checkHost(req(ok), "0.0.0.0", 8080, names), ok).toBeNull();
    }
    // DNS rebinding: a page of evil.example whose name now points at this machine.
    expect(checkHost(req("evil.example:8080"), "0.0.0.0", 8080, names)).toEqual({ status: 403, reason: 'Host "evil.example:8080" is not this server' });
    expect(checkHost(req("192.168.1.7:9999"), "0.0.0.0", 8080, names)?.status).toBe(403);
    expect(checkHost(req(), "0.0.0.0", 8080, names)).toEqual({ status: 403, reason: "missing Host header" });
  });

  it("on a named address allows it and loopback only", () => {
    const names = allowedHostNames("192.168.1.7", machine);
    expect(checkHost(req("192.168.1.7:80"), "192.168.1.7", 80, names)).toBeNull();
    expect(checkHost(req("lab-pc:80"), "192.168.1.7", 80, names)?.status).toBe(403);
  });

  it("a real server on 0.0.0.0 refuses a foreign Host", async () => {
    const server = await startServer({ port: 0, host: "0.0.0.0", service: { dispatch: async () => null, on: () => () => {}, readableFiles: () => [] } as never, staticDir: "/nonexistent" });
    try {
      expect((await rawGet(server.port, "/", { host: `evil.example:${server.port}` })).status).toBe(403);
      expect((await rawGet(server.port, "/", { host: `127.0.0.1:${server.port}` })).status).not.toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe("the clear-text warning", () => {
  it("is given for addresses other machines can reach, and suggests an SSH tunnel", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("localhost")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("192.168.1.7")).toBe(false);
    const text = remoteWarning("0.0.0.0", 8080);
    expect(text).toMatch(/token[\s\S]*clear text/);
    expect(text).toContain("ssh -N -L 8080:127.0.0.1:8080");
  });
});
