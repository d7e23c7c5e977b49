import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { environmentProblems } from "../../engine/environmentCheck";
import { formatProblem } from "../../../shared/pipeline/problems";
import { parsePipelineJson } from "../../../shared/pipeline/validate";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

export const validateCommand: Command = {
  ...COMMAND_INFO.validate,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } });
    if (positionals.length === 0) throw new UsageError("name at least one pipeline file");
    let bad = 0;
    const report: { file: string; valid: boolean; problems: unknown[] }[] = [];
    for (const file of positionals) {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        bad++;
        const message = `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        report.push({ file, valid: false, problems: [{ code: "unreadable", message, path: "$" }] });
        if (!values.json) io.err(`${file}: ${message}`);
        continue;
      }
      const parsed = parsePipelineJson(text);
      // A dataset file that is not there is a problem too (keys are not: validation may run where they are unset).
      const missing = parsed.doc ? (await environmentProblems(parsed.doc, { baseDir: dirname(resolve(file)), env: {}, style: "cli" })).filter((p) => p.code === "missing-file") : [];
      const problems = [...parsed.problems, ...missing];
      report.push({ file, valid: problems.length === 0, problems });
      if (problems.length) bad++;
      if (values.json) continue;
      if (problems.length === 0) io.out(`${file}: valid`);
      else {
        io.err(`${file}: ${problems.length} problem${problems.length > 1 ? "s" : ""}`);
        for (const p of problems) io.err(`  ${formatProblem(p)}`);
      }
    }
    if (values.json) io.out(JSON.stringify(report, null, 2));
    // As the README says, and as `cascade run` does: 2 for invalid input.
    return bad ? 2 : 0;
  },
};
