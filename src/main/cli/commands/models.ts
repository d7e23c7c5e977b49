/**
 * cascade models [--probe] [--port N ...] [--db FILE] [--json]: where models can come from on this machine —
 * the models saved in the app, local servers (with --probe: Ollama, llama.cpp server, vLLM and LM Studio on
 * their default ports, plus any --port), and the embedded llama.cpp engine (GGUF files in the models folder,
 * the small default model to fetch) — each with the --set flags that use it in `cascade run`.
 */
import { existsSync } from "node:fs";
import { candidatesOnPorts, DEFAULT_LOCAL_SERVERS, discoverServers, describeServers, type FoundServer } from "../../providers/discovery";
import { DEFAULT_MODEL_LABEL, DEFAULT_MODEL_URI, defaultModelsDir, ggufFilesIn, type GgufFile } from "../../providers/modelFetch";
import { defaultDbPath } from "../../store/paths";
import { openCliStore } from "../openCliStore";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

interface ModelsReport {
  saved: { name: string; provider: string; model: string; baseUrl?: string }[];
  probed: boolean;
  servers: FoundServer[];
  embedded: { modelsDir: string; ggufFiles: GgufFile[]; defaultModelUri: string };
}

function savedModels(dbArg: string | undefined): ModelsReport["saved"] {
  if (!existsSync(dbArg ?? defaultDbPath())) return [];
  const store = openCliStore(dbArg, "read");
  try {
    const value = store.settings.get<Record<string, ModelConfig>>("models") ?? {};
    return Object.keys(value)
      .sort()
      .map((name) => ({ name, provider: value[name].provider, model: value[name].model, ...(value[name].baseUrl ? { baseUrl: value[name].baseUrl } : {}) }));
  } finally {
    store.close();
  }
}

function human(r: ModelsReport): string {
  const lines: string[] = [];
  lines.push("Saved in the app:");
  if (!r.saved.length) lines.push("  (none)");
  for (const m of r.saved) lines.push(`  ${m.name}: ${m.provider} ${m.model}${m.baseUrl ? ` at ${m.baseUrl}` : ""}`);
  lines.push("");
  if (!r.probed) {
    lines.push(`Local servers: not probed (--probe looks for ${DEFAULT_LOCAL_SERVERS.map((s) => `${s.name} ${s.baseUrl}`).join(", ")})`);
  } else if (!r.servers.length) {
    lines.push("Local servers: none answered");
  } else {
    lines.push("Local servers:");
    for (const [i, line] of describeServers(r.servers, 20).entries()) {
      const s = r.servers[i];
      lines.push(`  ${line}`);
      if (s.models.length) lines.push(`    use: --set models.NAME.provider=${s.provider} --set models.NAME.baseUrl=${s.baseUrl} --set models.NAME.model=${s.models[0]}`);
    }
  }
  lines.push("");
  lines.push("Embedded llama.cpp (no server; text only):");
  lines.push(`  GGUF files in ${r.embedded.modelsDir}:${r.embedded.ggufFiles.length ? "" : " none"}`);
  for (const f of r.embedded.ggufFiles) lines.push(`    ${f.path} (${(f.sizeBytes / 1_048_576).toFixed(1)} MB)`);
  lines.push("  use: --set models.NAME.provider=llama-cpp --set models.NAME.model=/path/to/model.gguf");
  lines.push(`  small default model: ${DEFAULT_MODEL_LABEL}, ${r.embedded.defaultModelUri} (fetch it in the app: Models → Local models)`);
  return lines.join("\n");
}

export const modelsCommand: Command = {
  ...COMMAND_INFO.models,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      probe: { type: "boolean" },
      port: { type: "string", multiple: true },
      db: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const ports = (values.port ?? []).map((p) => {
      const n = Number(p);
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port needs a port number, got "${p}"`);
      return n;
    });
    const probed = Boolean(values.probe) || ports.length > 0;
    const candidates = [...(values.probe ? DEFAULT_LOCAL_SERVERS : []), ...candidatesOnPorts(ports)];
    const modelsDir = defaultModelsDir();
    const report: ModelsReport = {
      saved: savedModels(values.db),
      probed,
      servers: probed ? await discoverServers({ candidates }) : [],
      embedded: { modelsDir, ggufFiles: await ggufFilesIn(modelsDir), defaultModelUri: DEFAULT_MODEL_URI },
    };
    io.out(values.json ? JSON.stringify(report) : human(report));
    return 0;
  },
};
