// Must-show 6, the crash: kill -9 of a process running the real Node entry right after it stored a decision
// (held there by the composition of test/helpers/crash-child.ts), then a restart on the same SQLite file and the
// sweep: the next level's approver gets exactly one card, the audit trail exactly one entry for the decision, and
// no message goes out twice.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { actionsOf, cardText } from "../helpers/bot.js";
import { FakeLark } from "../helpers/fake-lark.js";
import { harnessEnv, startHarness, type Harness } from "../helpers/harness.js";
import { cardActionEvent, sealed, uid } from "../helpers/lark-payloads.js";
import { current, group, original, p2p } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "huibao-crash-"));
const dbPath = join(dir, "huibao.db");
let lark: FakeLark;
let h: Harness | null = null;
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await h?.close();
  await lark?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Lines the child prints, as they come. */
function lines(c: ChildProcess) {
  const seen: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  let buf = "";
  c.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      seen.push(line);
      for (const w of [...waiters]) {
        const m = w.re.exec(line);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });
  return (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      for (const l of seen) {
        const m = re.exec(l);
        if (m) return resolve(m);
      }
      waiters.push({ re, resolve });
      c.once("exit", (code, signal) => reject(new Error(`child exited (${code ?? signal}) before printing ${re}`)));
    });
}

describe("kill -9 right after a decision is stored", () => {
  it("after the restart and the sweep: one card to level 2, one audit entry, nothing sent twice", async () => {
    lark = await new FakeLark().start();
    const chat = uid("oc_crash_");
    const owner = "ou_owner_crash";
    const ke = uid("ou_ke_");
    const ju = uid("ou_ju_");

    // 1. Up to the level-1 card, in an ordinary run on the database file.
    h = await startHarness({ lark, dir });
    let g = group(h, chat);
    await g.say(owner, "新建报告 崩溃测试报告");
    await g.say(owner, "审批人 @钱科长 > @孙局长", { mentions: [[ke, "钱科长"], [ju, "孙局长"]] });
    await g.say(owner, "提交审批");
    const confirm = lark.messages.at(-1)!;
    await h.click({ operator: owner, value: actionsOf(original(confirm)).find((v) => v.a === "submit_confirm"), chatId: chat, messageId: confirm.messageId });
    await h.settle();
    const card = g.lastRequestTo(ke);
    await h.close();
    h = null;

    // 2. The real Node entry in a child process; 钱科长 taps 同意; killed -9 once the decision is stored.
    const stderr: string[] = [];
    child = spawn(process.execPath, ["--import", "tsx", "test/helpers/crash-child.ts"], {
      cwd: join(import.meta.dirname, "..", ".."),
      env: { ...process.env, ...harnessEnv(lark.url, dbPath), HUIBAO_TEST_HOLD: "after_decide" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr!.setEncoding("utf8").on("data", (s: string) => stderr.push(s));
    const waitFor = lines(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child!.once("exit", (code, signal) => r({ code, signal })));
    const port = Number((await waitFor(/^ready (\d+)$/).catch((e) => Promise.reject(new Error(`${e.message}\n${stderr.join("")}`))))[1]);
    const { body, headers } = sealed(cardActionEvent({ operator: ke, value: g.action(card, "approve"), messageId: card.messageId, chatId: p2p(ke) }));
    const tap = fetch(`http://127.0.0.1:${port}/lark/webhook`, { method: "POST", body, headers }).then(
      (r) => ({ answered: r.status }),
      (e: unknown) => ({ failed: String(e) }),
    );
    const decisionId = (await waitFor(/^decided (\S+)$/))[1]!;
    child.kill("SIGKILL");
    expect(await exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(await tap).toHaveProperty("failed");

    // What the crash left: the decision stored and the round moved, nothing else.
    const raw = new Database(dbPath, { readonly: true });
    try {
      expect(raw.prepare(`SELECT "effectsAt", "level", "approver" FROM "ApprovalDecision" WHERE "id" = ?`).get(decisionId)).toEqual({ effectsAt: null, level: 0, approver: ke });
      expect(raw.prepare(`SELECT "currentLevel", "status" FROM "ApprovalRound" r JOIN "ApprovalDecision" d ON d."roundId" = r."id" WHERE d."id" = ?`).get(decisionId)).toEqual({ currentLevel: 1, status: "running" });
      expect(raw.prepare(`SELECT COUNT(*) AS n FROM "AuditEntry" WHERE "kind" = 'approved'`).get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
    expect(lark.messages.filter((m) => m.receiveId === ju)).toEqual([]);
    const from = lark.messages.length;

    // 3. Restart on the same file; the sweep.
    h = await startHarness({ lark, dir });
    g = group(h, chat);
    await h.settle();

    const toJu = g.requestsTo(ju);
    expect(toJu).toHaveLength(1);
    expect(g.action(toJu[0]!, "approve")).toMatchObject({ ver: 1 });
    const audit = await g.db().auditEntry.findMany({ where: { reportId: g.reportId(), kind: "approved" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ decisionId, actorOpenId: ke, level: 1, versionNumber: 1 });
    expect((await g.db().approvalDecision.findUnique({ where: { id: decisionId } }))!.effectsAt).not.toBeNull();
    expect(card.patches).toHaveLength(1);
    expect(cardText(current(card))).toMatch(/已同意/);
    const after = lark.messages.slice(from).map((m) => `${m.receiveId ?? m.replyTo}\u0000${m.content}`);
    expect(new Set(after).size).toBe(after.length);
    expect(lark.messages.slice(from).filter((m) => m.receiveId === chat && /，转 <at/.test(cardText(original(m))))).toHaveLength(1);

    // A second sweep later finds nothing more to do.
    h.clock.advance(10 * 60_000);
    await h.settle();
    expect(g.requestsTo(ju)).toHaveLength(1);
    expect(await g.db().auditEntry.count({ where: { reportId: g.reportId(), kind: "approved" } })).toBe(1);
  }, 90_000);
});
