/** cascade import: a bundle's runs into the database (marked as imported), each with a folder to re-run it from. */
import { dirname, join, resolve } from "node:path";
import { importBundle } from "../../bundle/importBundle";
import { defaultDbPath } from "../../store/paths";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

export const importCommand: Command = {
  ...COMMAND_INFO.import,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: "string" }, dir: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError("name one bundle file (FILE.cascade)");
    const store = openCliStore(values.db, "write");
    try {
      const dir = resolve(values.dir ?? join(dirname(resolve(values.db ?? defaultDbPath())), "imported"));
      const result = importBundle(store, resolve(positionals[0]), { dir });
      if (values.json) {
        io.out(JSON.stringify(result, null, 2));
        return 0;
      }
      io.out(`bundle written by Cascade Studio ${result.appVersion} (bundle format ${result.format}); ${result.cacheRows} cached calls added`);
      for (const r of result.runs) {
        io.out(r.imported ? `imported run ${r.id} (${r.label}); re-run it from the cache: cascade run ${r.pipelineFile}${values.db ? ` --db ${values.db}` : ""}` : `run ${r.id} (${r.label}) is in the database already: left as it is`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
