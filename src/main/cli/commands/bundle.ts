/** cascade bundle: runs into one file that opens elsewhere without re-running (see src/main/bundle). */
import { resolve } from "node:path";
import { writeBundle } from "../../bundle/writeBundle";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(bytes < 1024 ** 2 ? 2 : 1)} MB`;

export const bundleCommand: Command = {
  ...COMMAND_INFO.bundle,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: "string" }, images: { type: "boolean" }, db: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length === 0) throw new UsageError("name at least one run (an id or a unique prefix; see `cascade runs`)");
    if (!values.out) throw new UsageError("--out FILE.cascade is required");
    const store = openCliStore(values.db, "read");
    try {
      const result = writeBundle(store, { runs: positionals, out: resolve(values.out), images: values.images });
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else {
        const c = result.counts;
        io.out(`wrote ${values.out} (${mb(result.bytes)}): ${c.runs} run${c.runs > 1 ? "s" : ""}, ${c.results} results, ${c.traces} traces, ${c.cacheRows} cached calls${values.images ? `, ${c.images} images` : ""}`);
      }
      for (const m of result.missingImages.slice(0, 10)) io.err(`cascade bundle: image not found, not in the bundle: ${m}`);
      if (result.missingImages.length > 10) io.err(`cascade bundle: … and ${result.missingImages.length - 10} more images not found`);
      return 0;
    } finally {
      store.close();
    }
  },
};
