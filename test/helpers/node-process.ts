// Runs the real Node entry as a child process, the way `npm start` does (src/runtimes/node/main.ts compiled by
// scripts/build.mjs, then `node <flags> <file>`), and keeps everything it writes on stdout and stderr.
// Each test file builds its own copy (.build/test-<name>.mjs) so that files running in parallel never read
// a file another one is writing.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");

/** Builds src/runtimes/node/main.ts as `npm start`'s prestart does, into .build/test-<name>.mjs. Returns the `node` arguments. */
export function buildEntry(name: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [node, ...startArgs] = pkg.scripts.start!.split(/\s+/);
  if (node !== "node") throw new Error(`npm start runs ${node}, not node`);
  const out = join(root, ".build", `test-${name}.mjs`);
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs"), join(root, "src", "runtimes", "node", "main.ts"), out], {
    cwd: root,
    stdio: "pipe",
    env: { ...process.env, HUIBAO_BUILD_QUIET: "1" },
  });
  // `npm start`'s flags, with this copy in place of .build/node.mjs.
  return startArgs.map((a) => (a.endsWith("node.mjs") ? out : a));
}

/** The environment without any LARK_/HUIBAO_ setting of the machine running the tests. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("LARK_") && !k.startsWith("HUIBAO_") && k !== "DATABASE_URL") env[k] = v;
  return env;
}

/** A TCP port on 127.0.0.1 that nothing listens on (connections are refused) — until someone listens on it. */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class NodeProcess {
  private out = "";
  private exited: Promise<number | null>;
  port = 0;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (d: Buffer) => (this.out += d.toString("utf8")));
    child.stderr!.on("data", (d: Buffer) => (this.out += d.toString("utf8")));
    this.exited = new Promise((r) => child.on("exit", (code) => r(code)));
  }

  /** Starts the entry and waits for its server.started line. */
  static async start(args: string[], env: Record<string, string>, opts: { cwd?: string } = {}): Promise<NodeProcess> {
    const p = new NodeProcess(spawn(process.execPath, args, { cwd: opts.cwd ?? root, env, stdio: ["ignore", "pipe", "pipe"] }));
    const line = await p.waitForLine((l) => l.event === "server.started", 30_000);
    p.port = Number(line.port);
    return p;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything written on stdout and stderr so far. */
  get output(): string {
    return this.out;
  }

  /** The JSON log lines so far (other lines are skipped). */
  lines(): Record<string, any>[] {
    const out: Record<string, any>[] = [];
    for (const l of this.out.split("\n")) {
      if (!l.startsWith("{")) continue;
      try {
        out.push(JSON.parse(l) as Record<string, any>);
      } catch {
        /* a line still being written */
      }
    }
    return out;
  }

  async waitForLine(pred: (line: Record<string, any>) => boolean, timeoutMs = 20_000): Promise<Record<string, any>> {
    return this.waitFor(() => this.lines().find(pred), timeoutMs, "log line");
  }

  /** Polls `probe` until it returns a value (not undefined/false), failing with the output after `timeoutMs`. */
  async waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
    const until = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
      if (exited) throw new Error(`process exited while waiting for ${what}:\n${this.out.slice(-4000)}`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}:\n${this.out.slice(-4000)}`);
      await sleep(100);
    }
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    const t = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    const code = await this.exited;
    clearTimeout(t);
    return code;
  }
}
