/**
 * The dataset fingerprint of a run record (shared/runRecord.ts): the file's own fingerprint extended with the
 * content hash of every image the items read name. Items run concurrently, so the per-image entries (each
 * naming its item's position, id and column) are combined by addition modulo 2^256 of their sha256: the result
 * does not depend on the order in which items finish. Hashing goes through the run's ImageLoader, which loads
 * each image once per run, so a prompt that sends the image reads no more bytes.
 */
import type { DatasetRecord } from "../../shared/runRecord";
import { sha256Hex } from "../store/hash";
import type { ImageLoader } from "./images";
import type { SourceRow } from "./nodes/types";
import { imageSource } from "./runContext";

const MASK = (1n << 256n) - 1n;

export class DatasetFingerprint {
  private sum = 0n;
  private items = 0;
  private images = 0;
  private remote = 0;
  private unreadable = 0;

  constructor(
    private readonly fileFingerprint: string,
    /** The dataset's columns of type image. */
    private readonly imageColumns: string[],
    private readonly loader: ImageLoader,
  ) {}

  /** Adds one row read by the run (never throws: an unreadable image is counted and fingerprinted as such). */
  async addRow(row: SourceRow): Promise<void> {
    this.items++;
    if (!row.values) return this.add(`${row.seq}\u0000${row.itemId}\u0000unreadable row`);
    for (const column of this.imageColumns) {
      const v = row.values[column];
      if (v === undefined || v === null || v === "") continue;
      this.images++;
      let entry: string;
      try {
        const source = imageSource(v);
        if (/^https?:\/\//i.test(source)) {
          this.remote++;
          entry = `url:${source}`;
        } else entry = `sha256:${(await this.loader.info(source)).hash}`;
      } catch {
        this.unreadable++;
        entry = "unreadable";
      }
      this.add(`${row.seq}\u0000${row.itemId}\u0000${column}\u0000${entry}`);
    }
  }

  private add(entry: string): void {
    this.sum = (this.sum + BigInt(`0x${sha256Hex(entry)}`)) & MASK;
  }

  result(): DatasetRecord {
    return {
      fileFingerprint: this.fileFingerprint,
      fingerprint: sha256Hex(`cascade-dataset-v1\n${this.fileFingerprint}\n${this.items}\n${this.sum.toString(16).padStart(64, "0")}`),
      items: this.items,
      images: this.images,
      remoteImages: this.remote,
      unreadableImages: this.unreadable,
    };
  }
}
