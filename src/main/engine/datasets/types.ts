/** A row as read from a dataset, before its columns are typed. `where` names it: "data.jsonl:12". */
export interface RawRow {
  where: string;
  record?: Record<string, unknown>;
  error?: string;
}
