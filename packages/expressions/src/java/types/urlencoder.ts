/**
 * `java.net.URLEncoder`: HTML form encoding (`application/x-www-form-urlencoded`) as Java does it.
 * @module
 */
import type { JavaClassDef } from "../class.js";
import { argString, javaException, nullPointer, staticMethod } from "./util.js";

const SAFE = /[a-zA-Z0-9.\-*_]/;

function encodeChar(cp: number, charset: "utf-8" | "latin1" | "ascii"): number[] {
  const Q = [0x3f]; // '?' for unmappable characters and lone surrogates
  if (cp >= 0xd800 && cp <= 0xdfff) return Q;
  if (charset === "ascii") return cp < 0x80 ? [cp] : Q;
  if (charset === "latin1") return cp < 0x100 ? [cp] : Q;
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

function charsetOf(name: string): "utf-8" | "latin1" | "ascii" {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf-8" || n === "utf8") return "utf-8";
  if (n === "iso-8859-1" || n === "latin1" || n === "iso8859-1" || n === "l1") return "latin1";
  if (n === "us-ascii" || n === "ascii") return "ascii";
  throw javaException("UnsupportedEncodingException", name);
}

/** Java's `URLEncoder.encode(s, charset)`: space → `+`, `a-zA-Z0-9.-*_` kept, the rest `%XX`. */
export function urlEncode(s: string, charsetName = "UTF-8"): string {
  const charset = charsetOf(charsetName);
  let out = "";
  for (const ch of s) {
    if (SAFE.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else {
      for (const b of encodeChar(ch.codePointAt(0)!, charset)) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
    }
  }
  return out;
}

/** `java.net.URLEncoder`. */
export const URL_ENCODER: JavaClassDef = {
  name: "java.net.URLEncoder",
  methods: [
    staticMethod("encode", ["java.lang.String"], "java.lang.String", ([s]) => urlEncode(argString(s))),
    staticMethod("encode", ["java.lang.String", "java.lang.String"], "java.lang.String", ([s, c]) => {
      if (c === null || c === undefined) throw nullPointer("charsetName");
      return urlEncode(argString(s), String(c));
    }),
  ],
};
