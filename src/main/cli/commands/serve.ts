/**
 * `cascade serve`: browser mode. Serves the built renderer and the WebSocket carrier on a loopback address,
 * prints the URL (with its token) and runs until SIGINT/SIGTERM.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { appRoot } from "../../appRoot";
import { loadIdentity } from "../../server/serverIdentity";
import { isLoopback } from "../../server/security";
import { startServer } from "../../server/startServer";
import { createService } from "../../service/createService";
import { openStore } from "../../store";
import { appDbPath } from "../../store/appStores";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

/** Resolves on the first SIGINT/SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      done(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export const serveCommand: Command = {
  ...COMMAND_INFO.serve,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { port: { type: "string" }, host: { type: "string" }, db: { type: "string" }, "new-token": { type: "boolean" } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const askedPort = values.port === undefined ? undefined : Number(values.port);
    if (askedPort !== undefined && (!Number.isInteger(askedPort) || askedPort < 0 || askedPort > 65535)) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
    const root = appRoot();
    if (!root) {
      io.err("cascade serve: cannot find the app's folder (no package.json of cascade-studio above this file), so there is no renderer to serve");
      return 2;
    }
    const staticDir = join(root, "out/renderer");
    if (!existsSync(join(staticDir, "index.html"))) {
      io.err(`cascade serve: ${staticDir} has no built renderer; run npm run build:renderer first`);
      return 2;
    }
    const dbPath = resolve(values.db ?? appDbPath());
    // The same port and token on every start (kept beside the database), so a bookmark keeps working.
    const identity = loadIdentity(dirname(dbPath), { port: askedPort, newToken: values["new-token"] === true });
    const port = identity.port;
    const store = openStore(dbPath, { createDir: values.db === undefined });
    const service = createService({ store, templatesDir: join(root, "templates"), mode: "browser", dbPath, dataDir: dirname(dbPath) });
    let server;
    try {
      try {
        server = await startServer({ port, host: values.host ?? "127.0.0.1", service, staticDir, token: identity.token });
      } catch (e) {
        // The kept port is taken (another copy running?): serve on any free port this time.
        if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || askedPort !== undefined) throw e;
        server = await startServer({ port: 0, host: values.host ?? "127.0.0.1", service, staticDir, token: identity.token });
        io.err(`cascade serve: port ${port} is in use, so this start uses port ${server.port}; bookmarks of port ${port} work again once it is free`);
      }
    } catch (e) {
      await service.close();
      store.close();
      io.err(`cascade serve: cannot listen on ${values.host ?? "127.0.0.1"}:${port}: ${(e as Error).message}`);
      return 1;
    }
    io.out(`Cascade Studio (browser mode): ${server.url}`);
    if (!isLoopback(server.host)) io.err(remoteWarning(server.host, server.port));
    await untilSignal();
    await server.close();
    await service.close();
    store.close();
    return 0;
  },
};

/** Said when another machine can reach the server: plain HTTP carries the access token in clear text. */
export function remoteWarning(host: string, port: number): string {
  return [
    `cascade serve: warning: listening on ${host}, reachable from other machines. Plain HTTP carries the access token`,
    "(and every pipeline and result) in clear text: anyone on the network path can read it",
    "and drive the app. Prefer the default 127.0.0.1 and an SSH tunnel from the other machine:",
    `  ssh -N -L ${port}:127.0.0.1:${port} you@this-machine   then open http://127.0.0.1:${port}/?token=...`,
  ].join("\n");
}
