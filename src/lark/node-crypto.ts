// node:crypto behind the SyncCrypto interface of src/lark/crypto.ts: the webhook's signature check and
// decryption without Web Crypto's thread-pool round trips. Installed by src/node.ts.
import { createDecipheriv, createHash } from "node:crypto";
import type { SyncCrypto } from "./crypto.js";

export const nodeSyncCrypto: SyncCrypto = {
  sha256: (data) => createHash("sha256").update(data).digest(),
  aes256CbcDecrypt(key, iv, data) {
    const d = createDecipheriv("aes-256-cbc", key, iv);
    const head = d.update(data);
    const tail = d.final();
    return tail.length ? Buffer.concat([head, tail]) : head;
  },
};
