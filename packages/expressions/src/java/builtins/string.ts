/**
 * `java.lang.String` instance methods with Java's semantics (regex `split` that drops trailing
 * empty strings, literal `replace`, regex `replaceAll` with `$1` references, full-match `matches`).
 * @module
 */
import { javaRegex } from "../../eval/operators.js";
import { JavaArray, JavaChar } from "../../values/boxes.js";
import { javaEquals, javaHashCode } from "../../values/equality.js";
import { javaToString } from "../../values/format.js";
import type { JavaClassDef } from "../class.js";
import { javaFormat } from "../types/formatter.js";
import { checkLength, method, npe, stringIndexError } from "./define.js";

const S = "java.lang.String";
const CS = "java.lang.CharSequence";
const O = "java.lang.Object";

/** Java's `String.split(regex, limit)`. */
export function javaSplit(s: string, regex: string, limit = 0): string[] {
  const out: string[] = [];
  const single =
    (regex.length === 1 && !".$|()[{^?*+\\".includes(regex)) ||
    (regex.length === 2 && regex[0] === "\\" && !/[0-9a-zA-Z]/.test(regex[1]!));
  if (single) {
    const sep = regex.length === 1 ? regex : regex[1]!;
    let from = 0;
    let idx: number;
    while ((idx = s.indexOf(sep, from)) >= 0) {
      if (limit > 0 && out.length === limit - 1) break;
      out.push(s.slice(from, idx));
      from = idx + 1;
    }
    if (from === 0 && out.length === 0) return [s];
    out.push(s.slice(from));
  } else {
    const re = javaRegex(regex, "global");
    re.lastIndex = 0;
    let from = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      if (m[0].length === 0) {
        if (m.index >= s.length) break;
        if (m.index === 0) {
          re.lastIndex++;
          continue;
        }
      }
      if (limit > 0 && out.length === limit - 1) break;
      out.push(s.slice(from, m.index));
      from = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    if (out.length === 0) return [s];
    out.push(s.slice(from));
  }
  if (limit === 0) while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

/** Converts a Java replacement string (`$1`, `\$`) into a replacer for `String.replace`. */
function javaReplacement(rep: string): (m: string, ...rest: unknown[]) => string {
  return (...match: unknown[]) => {
    let out = "";
    for (let i = 0; i < rep.length; i++) {
      const c = rep[i]!;
      if (c === "\\") {
        i++;
        if (i >= rep.length) throw new RangeError("character to be escaped is missing");
        out += rep[i];
      } else if (c === "$") {
        i++;
        let j = i;
        while (j < rep.length && /[0-9]/.test(rep[j]!)) j++;
        if (j === i) throw new RangeError("Illegal group reference");
        const g = Number(rep.slice(i, j));
        const groups = match.slice(0, -2);
        if (g >= groups.length) throw new RangeError(`No group ${g}`);
        out += (groups[g] as string | undefined) ?? "";
        i = j - 1;
      } else {
        out += c;
      }
    }
    return out;
  };
}

function text(v: unknown): string {
  if (v === null || v === undefined) throw npe("Argument");
  return typeof v === "string" ? v : javaToString(v);
}

function substring(s: string, begin: number, end: number): string {
  if (begin < 0 || end > s.length || begin > end) {
    throw stringIndexError(`begin ${begin}, end ${end}, length ${s.length}`);
  }
  return s.slice(begin, end);
}

/** Java's `String.trim()`: removes code units <= U+0020 at both ends. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

const WS = /^[\s\u001c-\u001f]+|[\s\u001c-\u001f]+$/g;

/** `java.lang.String` instance methods. */
export const stringClass: JavaClassDef = {
  name: S,
  supers: [CS, "java.lang.Comparable", "java.io.Serializable"],
  methods: [
    method("length", [], "int", (s: string) => s.length),
    method("isEmpty", [], "boolean", (s: string) => s.length === 0),
    method("isBlank", [], "boolean", (s: string) => s.replace(WS, "").length === 0),
    method("charAt", ["int"], "char", (s: string, [i]: [number]) => {
      if (i < 0 || i >= s.length) throw stringIndexError(`index ${i}, length ${s.length}`);
      return new JavaChar(s.charCodeAt(i));
    }),
    method("codePointAt", ["int"], "int", (s: string, [i]: [number]) => {
      if (i < 0 || i >= s.length) throw stringIndexError(`index ${i}, length ${s.length}`);
      return s.codePointAt(i)!;
    }),
    method("substring", ["int"], S, (s: string, [b]: [number]) => substring(s, b, s.length)),
    method("substring", ["int", "int"], S, (s: string, [b, e]: [number, number]) => substring(s, b, e)),
    method("subSequence", ["int", "int"], CS, (s: string, [b, e]: [number, number]) => substring(s, b, e)),
    method("indexOf", ["int"], "int", (s: string, [c]: [number]) => s.indexOf(String.fromCodePoint(c))),
    method("indexOf", ["int", "int"], "int", (s: string, [c, f]: [number, number]) => s.indexOf(String.fromCodePoint(c), Math.max(0, f))),
    method("indexOf", [S], "int", (s: string, [t]: [string]) => s.indexOf(text(t))),
    method("indexOf", [S, "int"], "int", (s: string, [t, f]: [string, number]) => s.indexOf(text(t), Math.max(0, f))),
    method("lastIndexOf", ["int"], "int", (s: string, [c]: [number]) => s.lastIndexOf(String.fromCodePoint(c))),
    method("lastIndexOf", [S], "int", (s: string, [t]: [string]) => s.lastIndexOf(text(t))),
    method("lastIndexOf", [S, "int"], "int", (s: string, [t, f]: [string, number]) => (f < 0 ? -1 : s.lastIndexOf(text(t), f))),
    method("contains", [CS], "boolean", (s: string, [t]: [string]) => s.includes(text(t))),
    method("startsWith", [S], "boolean", (s: string, [t]: [string]) => s.startsWith(text(t))),
    method("startsWith", [S, "int"], "boolean", (s: string, [t, o]: [string, number]) => o >= 0 && s.startsWith(text(t), o)),
    method("endsWith", [S], "boolean", (s: string, [t]: [string]) => s.endsWith(text(t))),
    method("trim", [], S, (s: string) => javaTrim(s)),
    method("strip", [], S, (s: string) => s.replace(WS, "")),
    method("stripLeading", [], S, (s: string) => s.replace(/^[\s\u001c-\u001f]+/, "")),
    method("stripTrailing", [], S, (s: string) => s.replace(/[\s\u001c-\u001f]+$/, "")),
    method("toUpperCase", [], S, (s: string) => s.toUpperCase()),
    method("toLowerCase", [], S, (s: string) => s.toLowerCase()),
    method("toString", [], S, (s: string) => s),
    method("intern", [], S, (s: string) => s),
    method("equals", [O], "boolean", (s: string, [o]: [unknown]) => s === o),
    method("equalsIgnoreCase", [S], "boolean", (s: string, [o]: [string | null]) =>
      o !== null && o.length === s.length && (o === s || o.toUpperCase() === s.toUpperCase() || o.toLowerCase() === s.toLowerCase()),
    ),
    method("contentEquals", [CS], "boolean", (s: string, [o]: [string]) => s === text(o)),
    method("compareTo", [S], "int", (s: string, [o]: [string]) => javaStringCompare(s, text(o))),
    method("compareToIgnoreCase", [S], "int", (s: string, [o]: [string]) =>
      javaStringCompare(s.toUpperCase().toLowerCase(), text(o).toUpperCase().toLowerCase()),
    ),
    method("hashCode", [], "int", (s: string) => javaHashCode(s)),
    method("concat", [S], S, (s: string, [t]: [string]) => {
      checkLength(s.length + text(t).length);
      return s + text(t);
    }),
    method("replace", ["char", "char"], S, (s: string, [a, b]: [JavaChar, JavaChar]) => s.split(a.toString()).join(b.toString())),
    method("replace", [CS, CS], S, (s: string, [a, b]: [string, string]) => {
      const from = text(a);
      const to = text(b);
      if (from === "") {
        const r = to + [...s].join(to) + to;
        checkLength(r.length);
        return r;
      }
      const r = s.split(from).join(to);
      checkLength(r.length);
      return r;
    }),
    method("replaceAll", [S, S], S, (s: string, [re, rep]: [string, string]) => s.replace(javaRegex(text(re), "global"), javaReplacement(text(rep)))),
    method("replaceFirst", [S, S], S, (s: string, [re, rep]: [string, string]) => s.replace(javaRegex(text(re), "search"), javaReplacement(text(rep)))),
    method("matches", [S], "boolean", (s: string, [re]: [string]) => javaRegex(text(re), "full").test(s)),
    method("split", [S], "java.lang.String[]", (s: string, [re]: [string]) => new JavaArray(javaSplit(s, text(re)), S)),
    method("split", [S, "int"], "java.lang.String[]", (s: string, [re, n]: [string, number]) => new JavaArray(javaSplit(s, text(re), n), S)),
    method("repeat", ["int"], S, (s: string, [n]: [number]) => {
      if (n < 0) throw new RangeError(`count is negative: ${n}`);
      checkLength(s.length * n);
      return s.repeat(n);
    }),
    method("formatted", ["java.lang.Object[]"], S, (s: string, [args]: [JavaArray]) => javaFormat(s, args.items), true),
    method("toCharArray", [], "char[]", (s: string) => new JavaArray([...Array(s.length).keys()].map((i) => new JavaChar(s.charCodeAt(i))), "char")),
    method("getBytes", [], "byte[]", (s: string) => new JavaArray([...new TextEncoder().encode(s)].map((b) => (b << 24) >> 24), "byte")),
  ],
};

/** Java's `String.compareTo`: difference of the first differing code units, else of the lengths. */
export function javaStringCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** `java.lang.Object`'s methods that Spinnaker keeps: `equals`, `hashCode`, `toString`. */
export const objectClass: JavaClassDef = {
  name: O,
  methods: [
    method("equals", [O], "boolean", (self: unknown, [o]: [unknown]) => javaEquals(self, o)),
    method("hashCode", [], "int", (self: unknown) => javaHashCode(self)),
    method("toString", [], S, (self: unknown) => javaToString(self)),
  ],
};

