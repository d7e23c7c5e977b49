/**
 * The user's price overrides, kept in the store's settings under "pricing" (model name or prefix → price per
 * million tokens). Shared by the service (pricing.get / pricing.set) and `cascade run`, so the CLI and the app
 * charge the same prices.
 */
import { priceOverrideProblems, type PriceOverrides } from "../../shared/pricing";
import type { Store } from "../store/store";

export const PRICING_SETTINGS_KEY = "pricing";

/** The stored overrides; entries that are not valid prices are left out (an old or hand-edited database). */
export function readPriceOverrides(store: Pick<Store, "settings">): PriceOverrides {
  const value = store.settings.get<unknown>(PRICING_SETTINGS_KEY);
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: PriceOverrides = {};
  for (const [key, price] of Object.entries(value as Record<string, unknown>)) {
    if (priceOverrideProblems({ [key]: price }).length === 0) out[key] = price as PriceOverrides[string];
  }
  return out;
}

/** Replaces the overrides; throws with every problem named when one is not a valid price. */
export function writePriceOverrides(store: Pick<Store, "settings">, overrides: PriceOverrides): PriceOverrides {
  const problems = priceOverrideProblems(overrides);
  if (problems.length) throw new Error(problems.join("; "));
  const clean: PriceOverrides = {};
  for (const key of Object.keys(overrides).sort()) {
    const name = key.trim();
    clean[name] = { inputPerMillion: overrides[key].inputPerMillion, outputPerMillion: overrides[key].outputPerMillion };
  }
  store.settings.set(PRICING_SETTINGS_KEY, clean);
  return clean;
}
