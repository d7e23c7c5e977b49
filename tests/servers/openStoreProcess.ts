/**
 * A process that opens the PostgreSQL store at a signal, for the tests of processes migrating one database at
 * once: it loads everything, prints "ready", waits for a line on stdin, then opens the store at argv[2] (which
 * migrates it), prints "opened" and exits 0 — or prints the error and exits 1. The test sends the line to all
 * its processes together, so their migrations start within a millisecond or so of each other.
 *   node --import tsx tests/servers/openStoreProcess.ts postgres://…
 */
import { createInterface } from "node:readline";
import { openPostgresRunStore } from "../../src/main/store/postgres/postgresRunStore";

const url = process.argv[2];
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
lines.once("line", () => {
  lines.close();
  openPostgresRunStore(url).then(
    async (store) => {
      await store.close();
      process.stdout.write("opened\n");
      process.exit(0);
    },
    (e: Error) => {
      process.stdout.write(`failed: ${e.message}\n`);
      process.exit(1);
    },
  );
});
