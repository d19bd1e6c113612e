// A download link that does not work: a small page for a browser, JSON for API clients — same status, same words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("download errors", () => {
  it("Accept: text/html gets an HTML page, anything else JSON", async () => {
    const url = `${h.base}/download/rnosuchreport1/1.docx?exp=9999999999&sig=AAAA`;
    const browser = await fetch(url, { headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(browser.status).toBe(403);
    expect(browser.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await browser.text();
    expect(page).toContain("<title>链接无效 · 汇报</title>");
    expect(page).toContain("下载链接无效。");
    const api = await fetch(url, { headers: { accept: "application/json" } });
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: "forbidden", message: "下载链接无效。" });
    const bare = await fetch(url);
    expect(bare.headers.get("content-type")).toMatch(/^application\/json/);
  });
});
