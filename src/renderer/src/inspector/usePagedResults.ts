/** A node's results (runs.results) paged as the table scrolls; see usePaged. */
import type { ResultRow, ResultsQuery } from "../../../shared/contract";
import { getClient } from "../api/client";
import { usePaged, type Paged } from "./usePaged";

export type ResultsFilter = Omit<ResultsQuery, "offset" | "limit">;
export type PagedResults = Paged<ResultRow>;

export function usePagedResults(query: ResultsFilter | null, refresh: number, pageSize = 200): PagedResults {
  return usePaged(query ? JSON.stringify(query) : null, (offset, limit) => getClient().call("runs.results", { ...query!, offset, limit }), refresh, pageSize);
}
