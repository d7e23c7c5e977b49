/** templates.*: the starter pipelines shipped in templates/*.json. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Params, Result, TemplateInfo } from "../../shared/contract";
import { formatProblem } from "../../shared/pipeline/problems";
import { parsePipelineJson } from "../../shared/pipeline/validate";
import { ServiceError } from "./errors";

export interface TemplateHandlers {
  "templates.list": (params: Params<"templates.list">) => Promise<Result<"templates.list">>;
  "templates.open": (params: Params<"templates.open">) => Promise<Result<"templates.open">>;
}

/** A template is named by its bare file name; anything with a path separator is refused. */
const TEMPLATE_FILE = /^[A-Za-z0-9_.-]+\.json$/;

export function templatesService(templatesDir: string): TemplateHandlers {
  async function load(file: string) {
    if (!TEMPLATE_FILE.test(file) || file.startsWith(".")) throw new ServiceError(`"${file}" is not a template file name`);
    let text: string;
    try {
      text = await readFile(join(templatesDir, file), "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ServiceError(code === "ENOENT" ? `template "${file}" does not exist` : `cannot read template "${file}": ${code ?? (e as Error).message}`);
    }
    return parsePipelineJson(text);
  }

  return {
    "templates.list": async () => {
      let files: string[];
      try {
        files = (await readdir(templatesDir)).filter((f) => TEMPLATE_FILE.test(f) && !f.startsWith(".")).sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
      const out: TemplateInfo[] = [];
      for (const file of files) {
        const { doc, problems } = await load(file);
        if (doc && problems.length === 0) out.push({ file, name: doc.name, description: doc.description ?? "" });
        else out.push({ file, name: file, description: `invalid template: ${problems.length ? formatProblem(problems[0]) : "unreadable"}` });
      }
      return out;
    },
    "templates.open": async ({ file }) => {
      const { doc, problems } = await load(file);
      if (!doc || problems.length) throw new ServiceError(`template "${file}" has ${problems.length} problem(s)`, problems);
      return doc;
    },
  };
}
