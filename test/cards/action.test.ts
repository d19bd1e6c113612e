import { describe, expect, it } from "vitest";
import { ACTIONS, decodeAction, encodeAction } from "../../cards/action.js";

describe("encodeAction / decodeAction", () => {
  it("round-trips every action with the fields it needs", () => {
    for (const a of ACTIONS) {
      const value = encodeAction({ a, r: "rep_1", s: "measures.study", rv: 3, sv: 4, ap: "apr_9", ver: 2, p: "om_abc", n: 1, ref: "wp_1" });
      expect(value).toEqual({ v: 1, a, r: "rep_1", s: "measures.study", rv: 3, ap: "apr_9", ver: 2, sv: 4, p: "om_abc", n: 1, ref: "wp_1" });
      const back = decodeAction(JSON.parse(JSON.stringify(value)));
      expect(back).toEqual({ ok: true, action: value });
    }
  });

  it("omits absent fields so values stay small", () => {
    const value = encodeAction({ a: "status", r: "rep_1" });
    expect(value).toEqual({ v: 1, a: "status", r: "rep_1" });
    expect(Object.keys(value)).toEqual(["v", "a", "r"]);
    expect(JSON.stringify(encodeAction({ a: "approve", r: "r".repeat(64), ap: "a".repeat(64), rv: 999999, ver: 99, s: "x" })).length).toBeLessThan(300);
  });

  it("import and move actions need the pending text they decide on", () => {
    for (const a of ["import", "import_replace", "import_fill", "import_cancel", "move_text", "keep_text"] as const) {
      expect(decodeAction({ v: 1, a, r: "rep_1" })).toEqual({ ok: false, reason: "invalid:p" });
      expect(decodeAction({ v: 1, a, r: "new", p: "om_x" }).ok).toBe(true);
    }
    expect(decodeAction({ v: 1, a: "import", r: "rep_1", p: "om x" }).ok).toBe(false);
  });

  it("accepts a JSON string value (old clients)", () => {
    expect(decodeAction('{"v":1,"a":"next","r":"rep_1","s":"preamble"}')).toEqual({
      ok: true,
      action: { v: 1, a: "next", r: "rep_1", s: "preamble" },
    });
  });

  it("actions on another object need its ref", () => {
    expect(() => encodeAction({ a: "plan_confirm", r: "rep_1" })).toThrow(/invalid:ref/);
    expect(() => encodeAction({ a: "carry_from", r: "rep_1" })).toThrow(/invalid:ref/);
    expect(() => encodeAction({ a: "carry_text", r: "rep_1" })).toThrow(/invalid:s/);
    expect(decodeAction({ v: 1, a: "plan_cancel", r: "rep_1", ref: "bad id" }).ok).toBe(false);
  });

  it("throws when a card would encode an invalid value", () => {
    expect(() => encodeAction({ a: "approve", r: "rep_1" })).toThrow(/invalid:ap/);
    expect(() => encodeAction({ a: "goto", r: "rep_1" })).toThrow(/invalid:s/);
    expect(() => encodeAction({ a: "intent_text", r: "rep_1" })).toThrow(/invalid:p/);
    expect(() => encodeAction({ a: "restore", r: "rep_1", s: "preamble" })).toThrow(/invalid:n/);
    expect(() => encodeAction({ a: "next", r: "bad id with spaces" })).toThrow();
  });

  const garbage: [string, unknown, string | RegExp][] = [
    ["null", null, "not_an_object"],
    ["undefined", undefined, "not_an_object"],
    ["number", 42, "not_an_object"],
    ["array", [1, "next"], "not_an_object"],
    ["non-JSON string", "approve please", "not_json"],
    ["JSON string of a number", "7", "not_an_object"],
    ["empty object", {}, "unknown_version"],
    ["future version", { v: 2, a: "next", r: "rep_1" }, "unknown_version"],
    ["version as string", { v: "1", a: "next", r: "rep_1" }, "unknown_version"],
    ["unknown action", { v: 1, a: "delete_report", r: "rep_1" }, "unknown_action"],
    ["action wrong case", { v: 1, a: "APPROVE", r: "rep_1", ap: "a" }, "unknown_action"],
    ["missing report", { v: 1, a: "next" }, /^invalid:r/],
    ["empty report id", { v: 1, a: "next", r: "" }, /^invalid:r/],
    ["report id with markup", { v: 1, a: "next", r: "<at id=all>" }, /^invalid:r/],
    ["extra field (forged operator)", { v: 1, a: "approve", r: "rep_1", ap: "apr_1", operator: "ou_boss" }, /^invalid/],
    ["forged __proto__ key", JSON.parse('{"v":1,"a":"next","r":"rep_1","__proto__":{"admin":true}}'), /^invalid/],
    ["negative state version", { v: 1, a: "next", r: "rep_1", rv: -1 }, /^invalid:rv/],
    ["fractional state version", { v: 1, a: "next", r: "rep_1", rv: 1.5 }, /^invalid:rv/],
    ["state version as string", { v: 1, a: "next", r: "rep_1", rv: "3" }, /^invalid:rv/],
    ["zero document version", { v: 1, a: "export", r: "rep_1", ver: 0 }, /^invalid:ver/],
    ["approve without approval id", { v: 1, a: "approve", r: "rep_1" }, /^invalid:ap/],
    ["reject without approval id", { v: 1, a: "reject", r: "rep_1" }, /^invalid:ap/],
    ["save without section", { v: 1, a: "save_answer", r: "rep_1" }, /^invalid:s/],
    ["section key with spaces", { v: 1, a: "goto", r: "rep_1", s: "a b" }, /^invalid:s/],
    ["oversized value", { v: 1, a: "next", r: "rep_1", s: "x".repeat(5000) }, "too_large"],
    ["oversized JSON string", JSON.stringify({ v: 1, a: "next", r: "r".repeat(1000) }), "too_large"],
  ];

  it.each(garbage)("rejects %s", (_name, raw, reason) => {
    const d = decodeAction(raw);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      if (typeof reason === "string") expect(d.reason).toBe(reason);
      else expect(d.reason).toMatch(reason);
    }
  });

  it("rejects values that cannot be serialised", () => {
    const circular: Record<string, unknown> = { v: 1, a: "next", r: "rep_1" };
    circular["self"] = circular;
    expect(decodeAction(circular)).toEqual({ ok: false, reason: "not_serializable" });
  });
});
