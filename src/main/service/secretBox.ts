/**
 * Encrypted storage of API keys. In Electron it wraps safeStorage (see ../electron/secretBox.ts); browser mode
 * has none, so keys can only come from environment variables there.
 */
export interface SecretBox {
  /** Whether encryption works on this machine (safeStorage may be unavailable, e.g. no keyring). */
  available(): boolean;
  /** Encrypts a secret to an opaque base64 blob that is safe to store. */
  seal(plain: string): string;
  /** Decrypts a blob made by seal(). */
  open(blob: string): string;
}
