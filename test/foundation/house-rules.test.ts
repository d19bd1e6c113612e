// Rules of the house that no linter checks for us: small files, and no casts that paper over a type mismatch
// between the app and the cards (there is one Card type, cards/kit/types.ts, used by the app's outbound queue).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT as root, sourceFiles } from "../helpers/source-files.js";

const MAX_LINES = 400;
/** A file may be longer when its top says why, in a comment holding this phrase. */
const WHY = "longer than 400 lines because";


const files = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "cards"))];

describe("house rules", () => {
  it(`no source file is over ${MAX_LINES} lines without a comment saying why`, () => {
    const long = files
      .map((f) => ({ f: relative(root, f), text: readFileSync(f, "utf8") }))
      .filter(({ text }) => text.split("\n").length > MAX_LINES && !text.slice(0, 2000).includes(WHY))
      .map(({ f, text }) => `${f}: ${text.split("\n").length} lines`);
    expect(long).toEqual([]);
  });

  it("no `as never` / `as any` in the app or the cards", () => {
    const casts = files
      .filter((f) => /[\\/](app|cards)[\\/]/.test(f) || relative(root, f).startsWith("cards"))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => /\bas (never|any)\b/.test(line))
          .map(({ i }) => `${relative(root, f)}:${i + 1}`),
      );
    expect(casts).toEqual([]);
  });
});
