// The figures a template requires (spec.figures: "\d+件"…): each pattern compiled once (cached here), with a
// digit pre-check that skips the expression for text without an ASCII digit.
import type { OutlineSection } from "../model.js";
import type { Reason } from "./types.js";

interface FigureCheck {
  /** null: the pattern is not a valid regular expression. */
  re: RegExp | null;
  /**
   * True when the pattern cannot match text without an ASCII digit (decided once per pattern, see
   * requiresDigit); for text with no digit the figure is then missing without running the expression.
   */
  needsDigit: boolean;
}

const figureCache = new Map<string, FigureCheck>();

/** The compiled figure rule and its digit pre-check. */
function figureCheck(pattern: string): FigureCheck {
  let fc = figureCache.get(pattern);
  if (fc === undefined) {
    let re: RegExp | null;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null;
      }
    }
    fc = { re, needsDigit: re !== null && requiresDigit(pattern) };
    figureCache.set(pattern, fc);
  }
  return fc;
}

/**
 * Whether every match of `pattern` contains an ASCII digit, decided conservatively (false when unsure): the
 * pattern has no alternation outside groups, and outside every group and character class it has a `\d` that
 * is not optional (not followed by `*`, `?` or `{0`). Such a `\d` is part of every match (with or without the
 * u flag, `\d` is [0-9]). The built-in figure rules all start with `\d+`.
 */
export function requiresDigit(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  let digit = false;
  let alternation = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      if (!inClass && depth === 0 && pattern[i + 1] === "d") {
        const q = pattern[i + 2];
        if (q !== "*" && q !== "?" && !(q === "{" && pattern[i + 3] === "0")) digit = true;
      }
      i++; // the escaped character
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) alternation = true;
  }
  return !alternation && digit && depth === 0 && !inClass;
}

const DIGIT_RE = /[0-9]/;

/** Adds a figure_missing reason for each required figure `text` lacks (figure_rule_invalid for a bad pattern). */
export function evaluateFigures(spec: OutlineSection["spec"], text: string, reasons: Reason[]): void {
  let hasDigit: boolean | undefined;
  for (const rule of spec.figures) {
    const { re, needsDigit } = figureCheck(rule.pattern);
    if (re === null) {
      reasons.push({ code: "figure_rule_invalid", severity: "hint", figure: rule.label, message: `模板中“${rule.label}”的数据规则无效，已跳过` });
    } else if ((needsDigit && !(hasDigit ??= DIGIT_RE.test(text))) || !re.test(text)) {
      reasons.push({ code: "figure_missing", severity: "warning", figure: rule.label, message: `缺少数据：${rule.label}` });
    }
  }
}
