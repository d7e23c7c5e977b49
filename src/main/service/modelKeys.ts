/**
 * API keys of named models, sealed by the SecretBox and stored as opaque blobs in the settings. Keys leave
 * this file only towards a provider; no service method returns them and nothing logs them.
 */
import type { SecretBox } from "./secretBox";
import { ServiceError } from "./errors";
import type { Store } from "../store/store";

const SETTINGS_KEY = "modelKeys";

export const BROWSER_KEY_REFUSAL =
  "browser mode: API keys cannot be stored; set the environment variable named in apiKeyEnv before starting `cascade serve`";

export class ModelKeys {
  constructor(
    private readonly store: Store,
    private readonly mode: "electron" | "browser",
    private readonly secrets?: SecretBox,
  ) {}

  canStore(): boolean {
    return this.mode === "electron" && Boolean(this.secrets?.available());
  }

  private async blobs(): Promise<Record<string, string>> {
    const value = await this.store.settings.get(SETTINGS_KEY);
    return value && typeof value === "object" ? { ...(value as Record<string, string>) } : {};
  }

  async has(name: string): Promise<boolean> {
    return name in (await this.blobs());
  }

  /** Stores (or, with "", removes) the key of a model; refused where keys cannot be encrypted. */
  async set(name: string, apiKey: string): Promise<void> {
    const blobs = await this.blobs();
    if (apiKey === "") delete blobs[name];
    else {
      if (this.mode === "browser") throw new ServiceError(BROWSER_KEY_REFUSAL);
      if (!this.secrets?.available())
        throw new ServiceError("encrypted key storage is not available on this system; set the environment variable named in apiKeyEnv instead");
      blobs[name] = this.secrets.seal(apiKey);
    }
    await this.store.settings.set(SETTINGS_KEY, blobs);
  }

  async remove(name: string): Promise<void> {
    const blobs = await this.blobs();
    if (!(name in blobs)) return;
    delete blobs[name];
    await this.store.settings.set(SETTINGS_KEY, blobs);
  }

  /** The decrypted key, for a provider only; undefined when none is stored or it cannot be decrypted. */
  async reveal(name: string | undefined): Promise<string | undefined> {
    if (!name || !this.secrets?.available()) return undefined;
    const blob = (await this.blobs())[name];
    if (!blob) return undefined;
    try {
      return this.secrets.open(blob);
    } catch {
      return undefined;
    }
  }
}
