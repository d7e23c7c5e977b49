/** The SecretBox of the desktop app: Electron safeStorage (OS keychain / DPAPI / libsecret), injected so it tests without Electron. */
import type { SecretBox } from "../service/secretBox";

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageSecretBox(safeStorage: SafeStorageLike): SecretBox {
  return {
    available: () => safeStorage.isEncryptionAvailable(),
    seal(plain) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error("encryption is not available on this system");
      return safeStorage.encryptString(plain).toString("base64");
    },
    open(blob) {
      return safeStorage.decryptString(Buffer.from(blob, "base64"));
    },
  };
}
