import { parseError } from "../errors.js";

/** One piece of a `${...}` template: literal text, or the (trimmed) text of an expression. */
export type TemplateChunk =
  | { kind: "literal"; text: string }
  | { kind: "expression"; text: string; start: number };

const OPEN: Record<string, string> = { "}": "{", "]": "[", ")": "(" };

/**
 * Spring's `TemplateAwareExpressionParser` with `${` / `}` delimiters: finds each expression's
 * closing `}` by tracking nested `{ [ (` and skipping quoted literals; `${}` and an unclosed `${`
 * are parse errors.
 */
export function splitTemplate(source: string): TemplateChunk[] {
  const chunks: TemplateChunk[] = [];
  let startIdx = 0;
  while (startIdx < source.length) {
    const prefixIndex = source.indexOf("${", startIdx);
    if (prefixIndex < 0) {
      chunks.push({ kind: "literal", text: source.slice(startIdx) });
      break;
    }
    if (prefixIndex > startIdx) chunks.push({ kind: "literal", text: source.slice(startIdx, prefixIndex) });
    const after = prefixIndex + 2;
    const suffixIndex = skipToEndSuffix(source, after);
    if (suffixIndex < 0) {
      throw withExpr(
        parseError(
          "TEMPLATE_SYNTAX",
          `No ending suffix '}' for expression starting at character ${prefixIndex}: ${source.slice(prefixIndex)}`,
          prefixIndex,
        ),
        source,
      );
    }
    const raw = source.slice(after, suffixIndex);
    const text = raw.trim();
    if (text === "") {
      throw withExpr(
        parseError("TEMPLATE_SYNTAX", `No expression defined within delimiter '\${}' at character ${prefixIndex}`, prefixIndex),
        source,
      );
    }
    chunks.push({ kind: "expression", text, start: after + raw.indexOf(text) });
    startIdx = suffixIndex + 1;
  }
  return chunks;
}

function withExpr(e: Error, source: string): Error {
  (e as { expression?: string }).expression = source;
  return e;
}

function skipToEndSuffix(s: string, after: number): number {
  if (s.indexOf("}", after) < 0) return -1;
  const stack: { ch: string; pos: number }[] = [];
  let pos = after;
  while (pos < s.length) {
    const ch = s[pos]!;
    if (ch === "}" && stack.length === 0) break;
    switch (ch) {
      case "{":
      case "[":
      case "(":
        stack.push({ ch, pos });
        break;
      case "}":
      case "]":
      case ")": {
        const top = stack.pop();
        if (!top) {
          throw withExpr(parseError("TEMPLATE_SYNTAX", `Found closing '${ch}' at position ${pos} without an opening '${OPEN[ch]}'`, pos), s);
        }
        if (top.ch !== OPEN[ch]) {
          throw withExpr(
            parseError(
              "TEMPLATE_SYNTAX",
              `Found closing '${ch}' at position ${pos} but most recent opening is '${top.ch}' at position ${top.pos}`,
              pos,
            ),
            s,
          );
        }
        break;
      }
      case "'":
      case '"': {
        const end = s.indexOf(ch, pos + 1);
        if (end < 0) {
          throw withExpr(parseError("TEMPLATE_SYNTAX", `Found non terminating string literal starting at position ${pos}`, pos), s);
        }
        pos = end;
        break;
      }
    }
    pos++;
  }
  if (stack.length > 0) {
    const top = stack.pop()!;
    const close = top.ch === "{" ? "}" : top.ch === "[" ? "]" : ")";
    throw withExpr(parseError("TEMPLATE_SYNTAX", `Missing closing '${close}' for '${top.ch}' at position ${top.pos}`, top.pos), s);
  }
  return s[pos] === "}" ? pos : -1;
}
