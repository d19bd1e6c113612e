// The two reference servers for the ingress benchmark, one per process (argument: floor | sdk):
//  floor — the simplest Node HTTP server: reads the body, answers 200 {"code":0}, does nothing else;
//  sdk   — @larksuiteoapi/node-sdk's adaptDefault with an EventDispatcher that decrypts, checks the
//          signature and runs an empty im.message.receive_v1 handler (what a Lark developer would write).
// Same IPC protocol as bench/ingress-server.ts. Neither stores anything.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ENCRYPT_KEY, TOKEN } from "../test/helpers/lark-payloads.js";

const mode = process.argv[2];
let handled = 0;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let path: string;

if (mode === "floor") {
  path = "/webhook";
  handler = (req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"code":0}');
    });
  };
} else if (mode === "sdk") {
  path = "/webhook";
  // Loaded only here so that the floor's memory is a bare Node server's.
  const lark = await import("@larksuiteoapi/node-sdk");
  const dispatcher = new lark.EventDispatcher({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, loggerLevel: lark.LoggerLevel.warn }).register({
    "im.message.receive_v1": async () => {
      handled++;
    },
  });
  handler = lark.adaptDefault(path, dispatcher, { autoChallenge: true }) as unknown as typeof handler;
} else {
  throw new Error("usage: baseline-server.ts floor|sdk");
}

const server = createServer({ keepAliveTimeout: 60_000 }, handler);
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));

process.on("message", (m: { type?: string }) => {
  if (m?.type === "cpu") {
    process.send!({ type: "cpu", ...process.cpuUsage() });
    return;
  }
  if (m?.type !== "stop") return;
  server.closeAllConnections();
  server.close(() => {
    process.send!({ type: "stopped", maxRssKb: process.resourceUsage().maxRSS, handled });
    process.disconnect();
    setTimeout(() => process.exit(0), 50).unref();
  });
});

process.send!({ type: "ready", port: (server.address() as AddressInfo).port, path, rssMb: process.memoryUsage.rss() / 2 ** 20 });
