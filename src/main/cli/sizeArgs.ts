/**
 * Sizes and dates on the command line (cascade gc, db, runs): a size is a number of bytes with an optional unit
 * B, KB, MB or GB (powers of 1024: 1 MB = 1,048,576 bytes); a date is an ISO date or time (2026-11-30,
 * 2026-11-30T12:00Z) or an age: Nd (days), Nh (hours) before now. Printed sizes use the same units.
 */
import { UsageError } from "./command";

export { formatBytes } from "../../shared/bytes";

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

export function parseSize(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${option} "${text}" is not a size (a number of bytes, or with KB, MB or GB: 500MB)`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? "B").toUpperCase()]);
}

export function parseDate(option: string, text: string, now = Date.now()): number {
  const age = /^\s*(\d+(?:\.\d+)?)\s*([dh])\s*$/i.exec(text);
  if (age) return now - Number(age[1]) * (age[2].toLowerCase() === "d" ? 86_400_000 : 3_600_000);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${option} "${text}" is not a date (an ISO date such as 2026-11-30, or an age such as 30d or 12h)`);
  return ms;
}

export function parseCount(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option} "${text}" is not a whole number`);
  return Number(text);
}
