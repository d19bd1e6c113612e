// Run by test/foundation/http-limits.test.ts as `node --expose-gc --import tsx <this file>`: uploads that stall
// part-way through the webhook listener of src/runtimes/node/http-server.ts are cut off by the request timeout, and every chunk
// they had sent becomes garbage (FinalizationRegistry after gc()). Prints one JSON line with the counts.
import { createServer } from "node:http";
import { connect } from "node:net";
import { webhookListener } from "../../src/runtimes/node/http-server.js";
import type { Webhook } from "../../src/adapters/http/webhook.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const uploads = Number(process.argv[2] ?? 30);
let seen = 0;
let collected = 0;
let answered = 0;
const registry = new FinalizationRegistry<void>(() => void collected++);
const webhook: Webhook = async () => {
  answered++;
  return { status: 200, body: { code: 0 } };
};
const listener = webhookListener(webhook, { info() {}, warn() {}, error() {} });
const server = createServer({ requestTimeout: 600, headersTimeout: 600, connectionsCheckingInterval: 100 }, (req, res) => {
  // Watches the chunks without holding them.
  req.on("data", (b: Buffer) => {
    seen++;
    registry.register(b, undefined);
  });
  listener(req, res);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;
const sizes = Array.from({ length: uploads }, (_, i) => (i % 2 ? 40 * 1024 : 1024 * 1024));
await Promise.all(
  sizes.map(
    (declared) =>
      new Promise<void>((resolve) => {
        const s = connect(port, "127.0.0.1", () => {
          s.write(`POST /lark/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: ${declared}\r\n\r\n`);
          s.write(Buffer.alloc(Math.floor(declared * 0.6), 0x41));
        });
        s.resume();
        s.on("error", () => {});
        s.on("close", () => resolve());
      }),
  ),
);
for (let i = 0; i < 10 && collected < seen; i++) {
  gc();
  await new Promise((r) => setTimeout(r, 50));
}
console.log(JSON.stringify({ uploads, seen, collected, answered }));
server.close();
