// node:crypto behind the SyncCrypto interface of src/adapters/lark/crypto.ts: the webhook's signature check and
// decryption without Web Crypto's thread-pool round trips. Installed by src/runtimes/node/main.ts.
import { createDecipheriv, createHash } from "node:crypto";
import type { SyncCrypto } from "../../adapters/lark/crypto.js";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const nodeSyncCrypto: SyncCrypto = {
  sha256: (data) => createHash("sha256").update(data).digest(),
  sha256Hex: (head, body) => createHash("sha256").update(head, "utf8").update(body).digest("hex"),
  fromBase64(b64) {
    // Buffer.from ignores characters outside the alphabet; Lark's field is plain base64, so refuse anything else.
    if (!BASE64.test(b64)) throw new Error("not base64");
    return Buffer.from(b64, "base64");
  },
  aes256CbcDecrypt(key, iv, data) {
    const d = createDecipheriv("aes-256-cbc", key, iv);
    const head = d.update(data);
    const tail = d.final();
    return tail.length ? Buffer.concat([head, tail]) : head;
  },
};
