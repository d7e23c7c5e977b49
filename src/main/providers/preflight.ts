/**
 * The pre-flight check of a run's models: does anything answer at each endpoint (a TCP connection to its host
 * and port, short time limit — any server there counts, whatever it answers), and does each embedded model's
 * GGUF file exist? With `listModels` (the app passes it; `cascade run` does not), a server that answers is also
 * asked for its model list, and a model it does not list is a problem — unless it lists none or cannot be asked
 * (no key, no list route): then nothing is claimed. The problems come back per endpoint with the model names that
 * use it, and `preflightAdvice` turns them into one message that says what to do: start a server, switch to the
 * embedded engine (--set for the CLI, the Models tab in the app), or use a server found on this machine.
 */
import { stat } from "node:fs/promises";
import { connect } from "node:net";
import { isAbsolute, resolve } from "node:path";
import type { ModelConfig } from "../../shared/pipeline/schema";
import { endpointOf, providerOf } from "../../shared/providers";
import { missingBatchApi } from "./batch/batchProbe";
import { describeServers, type FoundServer } from "./discovery";
import { NOT_INSTALLED, nodeLlamaCppInstalled } from "./nodeLlamaCpp";
import type { ListedModel } from "./types";

export const PREFLIGHT_TIMEOUT_MS = 1500;

export interface PreflightProblem {
  /** no-engine: embedded models are used but node-llama-cpp (optional) is not installed. */
  /** no-batch-api: a batch: true model's server answers but has no batch API. */
  kind: "no-server" | "no-model-file" | "no-model" | "no-engine" | "no-batch-api";
  /** The endpoint URL, the GGUF path, or (no-engine) "node-llama-cpp". */
  where: string;
  /** Model names (keys of the pipeline's models) that use it. */
  models: string[];
  reason: string;
  /** no-model: the model id the configs ask for, and what the server lists instead. */
  model?: string;
  available?: string[];
}

/** Opens a TCP connection to the URL's host and port; resolves null when it connects, else why not. */
export function tcpReason(url: string, timeoutMs = PREFLIGHT_TIMEOUT_MS): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve("not a valid URL");
  }
  const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      done(reason);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    socket.once("connect", () => finish(null));
    socket.once("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "";
      if (code === "ECONNREFUSED") finish("connection refused");
      else if (code === "ENOTFOUND" || code === "EAI_AGAIN") finish(`cannot resolve the host ${host}`);
      else if (code === "EHOSTUNREACH" || code === "ENETUNREACH") finish("the host is unreachable");
      else finish(e.message || code || "connection failed");
    });
  });
}

export interface PreflightOptions {
  /** Folder a relative GGUF path resolves against (the pipeline's folder). */
  baseDir: string;
  timeoutMs?: number;
  /** Replaces the TCP check (tests). */
  reach?: (url: string) => Promise<string | null>;
  /**
   * The model ids the server of this model lists, or null when it cannot say (asked once per endpoint that
   * answers, with the first model that uses it). Without it, models are not checked.
   */
  listModels?: (name: string, config: ModelConfig) => Promise<string[] | null>;
  /** Replaces the batch API probe of batch: true models (tests); null when the server has it. */
  probeBatch?: (config: ModelConfig) => Promise<string | null>;
  /** Whether the embedded engine's package is installed; default: try loading it. Replaced in tests. */
  engineInstalled?: () => Promise<boolean>;
}

/**
 * The ids a server's model list offers for the pre-flight, or null when the list cannot tell whether a call
 * with this config would find its model: Anthropic lists dated ids, not the aliases calls may use; a llama.cpp
 * server with one model loaded answers whatever model name a call gives.
 */
export function checkableModelIds(config: ModelConfig, listed: readonly ListedModel[]): string[] | null {
  if (!providerOf(config.provider).listsCallableIds) return null;
  if (listed.length === 1 && listed[0].description === "owned by llamacpp") return null;
  return listed.map((m) => m.id);
}

/** Whether a server's list names the model: exactly, or as Ollama (":latest") and Gemini ("models/…") spell it. */
export function listsModel(listed: readonly string[], model: string): boolean {
  const forms = (id: string) => [id, id.replace(/:latest$/, ""), id.replace(/^models\//, "")];
  const wanted = new Set(forms(model));
  return listed.some((id) => forms(id).some((f) => wanted.has(f)));
}

/** The problems of the named models (only those the run uses); an empty list when all answer. */
export async function preflight(models: Record<string, ModelConfig>, names: readonly string[], opts: PreflightOptions): Promise<PreflightProblem[]> {
  const byEndpoint = new Map<string, string[]>();
  const files = new Map<string, string[]>();
  const pools: string[] = [];
  for (const name of names) {
    const config = models[name];
    if (!config) continue;
    if (config.replicas?.length && endpointOf(config) !== undefined) {
      pools.push(name);
      continue;
    }
    const url = endpointOf(config);
    if (url === undefined) {
      // Embedded: the model is a GGUF file.
      const path = isAbsolute(config.model) ? config.model : resolve(opts.baseDir, config.model);
      files.set(path, [...(files.get(path) ?? []), name]);
      continue;
    }
    byEndpoint.set(url, [...(byEndpoint.get(url) ?? []), name]);
  }
  const reach = opts.reach ?? ((url: string) => tcpReason(url, opts.timeoutMs));
  const problems: PreflightProblem[] = [];
  await Promise.all([
    ...[...byEndpoint].map(async ([url, users]) => {
      const reason = await reach(url);
      if (reason) {
        problems.push({ kind: "no-server", where: url, models: users, reason });
        return;
      }
      if (opts.listModels) problems.push(...(await missingModels(url, users, models, opts.listModels)));
      problems.push(...(await missingBatchApis(url, users, models, opts)));
    }),
    // A pool runs while one replica answers (the others are drained): a problem only when none does.
    ...pools.map(async (name) => {
      const urls = [endpointOf(models[name])!, ...models[name].replicas!];
      const reasons = await Promise.all(urls.map((u) => reach(u)));
      if (reasons.every(Boolean)) problems.push({ kind: "no-server", where: urls.join(", "), models: [name], reason: `no replica answers (${reasons.join("; ")})` });
    }),
    ...[...files].map(async ([path, users]) => {
      const ok = await stat(path).then((s) => s.isFile(), () => false);
      if (!ok) problems.push({ kind: "no-model-file", where: path, models: users, reason: "file not found" });
    }),
    (async () => {
      if (files.size === 0 || (await (opts.engineInstalled ?? nodeLlamaCppInstalled)())) return;
      problems.push({ kind: "no-engine", where: "node-llama-cpp", models: [...files.values()].flat().sort(), reason: NOT_INSTALLED });
    })(),
  ]);
  return problems.sort((a, b) => a.where.localeCompare(b.where));
}

/** The batch: true models whose server (answering at url) has no batch API. */
async function missingBatchApis(url: string, users: string[], models: Record<string, ModelConfig>, opts: PreflightOptions): Promise<PreflightProblem[]> {
  const batching = users.filter((name) => models[name].batch);
  if (!batching.length) return [];
  const reason = await (opts.probeBatch ?? ((config: ModelConfig) => missingBatchApi(config, opts.timeoutMs ?? PREFLIGHT_TIMEOUT_MS)))(models[batching[0]]);
  return reason ? [{ kind: "no-batch-api", where: url, models: batching, reason }] : [];
}

/** The models a server answering at url does not list, one problem per missing model id. */
async function missingModels(url: string, users: string[], models: Record<string, ModelConfig>, list: NonNullable<PreflightOptions["listModels"]>): Promise<PreflightProblem[]> {
  const listed = await list(users[0], models[users[0]]).catch(() => null);
  if (!listed?.length) return [];
  const byModel = new Map<string, string[]>();
  for (const name of users) {
    const id = models[name].model;
    if (!listsModel(listed, id)) byModel.set(id, [...(byModel.get(id) ?? []), name]);
  }
  return [...byModel].map(([model, names]) => ({
    kind: "no-model" as const,
    where: url,
    models: names,
    model,
    available: listed,
    reason: `it does not list "${model}"`,
  }));
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");

/** Whom the advice speaks to: `cascade run` (--set flags) or the app (the Models tab). */
export type AdviceStyle = "cli" | "app";

const MAX_LISTED = 8;
const listed = (ids: readonly string[]) => ids.slice(0, MAX_LISTED).join(", ") + (ids.length > MAX_LISTED ? ` and ${ids.length - MAX_LISTED} more` : "");

/**
 * One message for all problems: what does not answer or lacks a model, how to fix it (the CLI's --set flags, or
 * the app's Models tab), and the servers found on this machine (with the --set flags that would use each).
 */
export function preflightAdvice(problems: readonly PreflightProblem[], found: readonly FoundServer[], style: AdviceStyle = "cli"): string {
  const cli = style === "cli";
  const lines: string[] = [];
  for (const p of problems) {
    const label = `model${p.models.length > 1 ? "s" : ""} ${quoted(p.models)}`;
    if (p.kind === "no-engine") {
      lines.push(`${label}: ${p.reason}`);
      continue;
    }
    if (p.kind === "no-model-file") {
      lines.push(
        cli
          ? `the GGUF file ${p.where} (${label}) does not exist: download one, or point --set models.${p.models[0]}.model=/path/to/model.gguf at a file on disk`
          : `the GGUF file ${p.where} (${label}) does not exist: download one (Models tab, embedded engine), or choose a .gguf file on disk for the model`,
      );
      continue;
    }
    if (p.kind === "no-batch-api") {
      lines.push(`${label} ${p.models.length > 1 ? "have" : "has"} batch: true, but ${p.reason} (${p.where}).`);
      lines.push(
        cli
          ? `  Run it live (--set models.${p.models[0]}.batch=false), or point it at a server that has the provider's batch API.`
          : `  Turn off batch for ${label} in the Models tab, or point it at a server with a batch API.`,
      );
      continue;
    }
    if (p.kind === "no-model") {
      const others = p.available?.length ? `; it lists ${listed(p.available)}` : "";
      lines.push(`the server at ${p.where} answers but has no model "${p.model}" (${label})${others}.`);
      lines.push(cli ? `  Load or pull it there, or use one it has: --set models.${p.models[0]}.model=<name>` : `  Load or pull it there, or pick one it has for ${label} in the Models tab.`);
      continue;
    }
    lines.push(`no model server answers at ${p.where} (${label}): ${p.reason}.`);
    if (cli) {
      lines.push(`  Start one, or use the embedded engine:`);
      for (const m of p.models) lines.push(`    --set models.${m}.provider=llama-cpp --set models.${m}.model=/path/to/model.gguf`);
    } else lines.push(`  Start it, or point ${label} at a server that runs (or the embedded engine) in the Models tab.`);
  }
  if (problems.some((p) => p.kind === "no-server")) {
    if (found.length) {
      lines.push("servers found on this machine:");
      const first = problems.find((p) => p.kind === "no-server")!.models[0];
      for (const [i, line] of describeServers(found).entries()) {
        const s = found[i];
        lines.push(`  ${line}`);
        if (cli && s.models.length) lines.push(`    --set models.${first}.provider=${s.provider} --set models.${first}.baseUrl=${s.baseUrl} --set models.${first}.model=${s.models[0]}`);
      }
    } else {
      lines.push(
        `servers found on this machine: none (looked for Ollama :11434, llama.cpp server :8080, vLLM :8000, LM Studio :1234)${cli ? "; `cascade models --probe` lists them" : ""}`,
      );
    }
  }
  return lines.join("\n");
}
