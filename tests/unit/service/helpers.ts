/** Shared set-up of the service tests: an in-memory store, the real templates and a copy of a template doc. */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createService, type ServiceDeps } from "../../../src/main/service/createService";
import type { SecretBox } from "../../../src/main/service/secretBox";
import { openStore } from "../../../src/main/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

export const ROOT = resolve(__dirname, "../../..");
export const TEMPLATES = join(ROOT, "templates");

export function templateDoc(file = "cot.json"): PipelineDoc {
  return JSON.parse(readFileSync(join(TEMPLATES, file), "utf8")) as PipelineDoc;
}

/** A reversible fake of safeStorage: prefixes and base64s; `available` can be switched off. */
export function fakeSecrets(available = true): SecretBox & { sealed: string[] } {
  const sealed: string[] = [];
  return {
    sealed,
    available: () => available,
    seal(plain) {
      const blob = Buffer.from(`sealed:${plain}`).toString("base64");
      sealed.push(blob);
      return blob;
    },
    open(blob) {
      return Buffer.from(blob, "base64").toString().replace(/^sealed:/, "");
    },
  };
}

export function makeService(deps: Partial<ServiceDeps> = {}) {
  const store = openStore(":memory:");
  const service = createService({ store, templatesDir: TEMPLATES, mode: "browser", ...deps });
  return { store, service, close: async () => (await service.close(), store.close()) };
}
