/**
 * What comparing runs reads (compareScans.ts, compareItemsQuery.ts), behind one repository: latencies,
 * score outcomes and port texts of a node, and the compare view's item list and its pages.
 */
import type { Database } from "better-sqlite3";
import type { ItemOutcome } from "../../shared/compare";
import type { CompareItemRow } from "../../shared/contract";
import { compareItemList, compareItemsPage, type CompareItemsInput, type ItemListEntry } from "./compareItemsQuery";
import { doneLatencies, portTexts, scoreOutcomes } from "./compareScans";
import type { ResultWriter } from "./resultWriter";

export class CompareRepo {
  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {}

  /** Latencies (ms) of a node's done results, in no particular order. */
  latencies(runId: string, nodeId: string): number[] {
    return doneLatencies(this.db, this.writer, runId, nodeId);
  }

  /** One output port of a node for every item, as text; null where the output lacks it. */
  portTexts(runId: string, nodeId: string, port: string): Map<string, string | null> {
    return portTexts(this.db, this.writer, runId, nodeId, port);
  }

  /** The score node's outcome per item in item order, each with the answer `source` gave (see compareScans.ts). */
  scoreOutcomes(runId: string, scoreNodeId: string, source: { node: string; port: string } | null): ItemOutcome[] {
    return scoreOutcomes(this.db, this.writer, runId, scoreNodeId, source);
  }

  /** The matching items of a node across runs in dataset order, each with whether the runs disagree. */
  itemList(q: CompareItemsInput): ItemListEntry[] {
    return compareItemList(this.db, this.writer, q);
  }

  /** One page of an item list, its cells and scores read whole. */
  itemsPage(q: CompareItemsInput, list: readonly ItemListEntry[]): { total: number; rows: (CompareItemRow & { scores: (number | null)[] })[] } {
    return compareItemsPage(this.db, q, list);
  }
}
