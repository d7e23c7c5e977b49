/** cascade report: a self-contained HTML file of runs (src/main/report). */
import { writeFileSync } from "node:fs";
import { loadReportData } from "../../report/reportData";
import { reportHtml } from "../../report/reportHtml";
import { APP_VERSION } from "../../service/version";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

export const reportCommand: Command = {
  ...COMMAND_INFO.report,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: "string" }, node: { type: "string" }, by: { type: "string", multiple: true }, thumbnails: { type: "string" }, db: { type: "string" } });
    if (positionals.length === 0) throw new UsageError("name at least one run (an id or a unique prefix; see `cascade runs`)");
    if (!values.out) throw new UsageError("--out FILE.html is required");
    const thumbnails = values.thumbnails === undefined ? 100 : Number(values.thumbnails);
    if (!Number.isInteger(thumbnails) || thumbnails < 0) throw new UsageError(`--thumbnails ${values.thumbnails}: give a whole number of items (0: none)`);
    const store = openCliStore(values.db, "read");
    try {
      const data = await loadReportData(store, positionals, { node: values.node, by: values.by, thumbnails });
      const html = reportHtml(data, { version: APP_VERSION, now: Date.now() });
      try {
        writeFileSync(values.out, html);
      } catch (e) {
        throw new Error(`cannot write the report ${values.out}: ${(e as Error).message}`);
      }
      io.out(`wrote ${values.out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB): ${data.result.runs.length} run${data.result.runs.length > 1 ? "s" : ""}, ${data.items.length} items, ${data.thumbnails} thumbnails`);
      return 0;
    } finally {
      store.close();
    }
  },
};
