/** pricing.*: the dated table of known prices and the user's overrides (settings "pricing"), used by runs. */
import type { Params, PricingInfo, Result } from "../../shared/contract";
import { PRICE_TABLE, PRICE_TABLE_DATE, PRICE_TABLE_NOTE } from "../../shared/pricing";
import { readPriceOverrides, writePriceOverrides } from "../pricing/priceSettings";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";

type M = "pricing.get" | "pricing.set";
export type PricingHandlers = { [K in M]: (params: Params<K>) => Promise<Result<K>> };

export function pricingService(store: Store): PricingHandlers {
  const info = (): PricingInfo => ({ date: PRICE_TABLE_DATE, note: PRICE_TABLE_NOTE, table: PRICE_TABLE.map((e) => ({ ...e })), overrides: readPriceOverrides(store) });
  return {
    "pricing.get": async () => info(),
    "pricing.set": async ({ overrides }) => {
      try {
        writePriceOverrides(store, overrides);
      } catch (e) {
        throw new ServiceError(`pricing.set: ${(e as Error).message}`);
      }
      return info();
    },
  };
}
