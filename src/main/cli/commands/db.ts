/** cascade db: the database's size, by table and index (dbstat), and the largest runs (store/storageSizes.ts). */
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { openCliStore } from "../openCliStore";
import { formatBytes, parseCount } from "../sizeArgs";

export const dbCommand: Command = {
  ...COMMAND_INFO["db"],
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: "string" }, top: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const top = values.top === undefined ? 10 : parseCount("--top", values.top);
    const store = openCliStore(values.db, "read");
    try {
      const size = store.storage.size();
      const sizes = [...store.storage.runSizes().values()].sort((a, b) => b.rows + b.own - (a.rows + a.own)).slice(0, top);
      const runs = new Map(store.runs.list().map((r) => [r.id, r]));
      if (values.json) {
        io.out(JSON.stringify({ ...size, largestRuns: sizes }, null, 2));
        return 0;
      }
      io.out(`${size.path}: ${formatBytes(size.fileBytes)} (+ ${formatBytes(size.walBytes)} in -wal); ${size.pages} pages of ${size.pageSize} B, ${size.freePages} free (${formatBytes(size.freePages * size.pageSize)}: cascade gc returns them)`);
      if (size.tables) {
        io.out("by table and index (pages × page size):");
        const width = Math.max(...size.tables.map((t) => t.name.length));
        for (const t of size.tables) io.out(`  ${t.name.padEnd(width)}  ${formatBytes(t.bytes).padStart(9)}${t.table !== t.name ? `  (index of ${t.table})` : ""}`);
      } else io.out("(this SQLite has no dbstat table: no sizes by table)");
      if (sizes.length) {
        io.out(`largest runs (payload: rows = its result and trace rows; own = contents only it refers to; shared = contents other runs refer to as well):`);
        for (const s of sizes) {
          const r = runs.get(s.runId);
          io.out(`  ${s.runId}  rows ${formatBytes(s.rows).padStart(9)}  own ${formatBytes(s.own).padStart(9)}  shared ${formatBytes(s.shared).padStart(9)}  ${r ? r.label || r.pipelineName : ""}`);
        }
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
