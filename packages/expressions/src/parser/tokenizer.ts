import { JsepBase } from "./jsep-base.js";
import { parseError } from "../errors.js";

/** Token kinds, as Spring's `TokenKind`. */
export type TokenKind =
  | "INT"
  | "LONG"
  | "HEXINT"
  | "HEXLONG"
  | "REAL"
  | "REAL_FLOAT"
  | "STRING"
  | "IDENTIFIER"
  | "LPAREN"
  | "RPAREN"
  | "COMMA"
  | "DOT"
  | "PLUS"
  | "MINUS"
  | "STAR"
  | "DIV"
  | "MOD"
  | "POWER"
  | "NOT"
  | "EQ"
  | "NE"
  | "LT"
  | "LE"
  | "GT"
  | "GE"
  | "ASSIGN"
  | "QMARK"
  | "COLON"
  | "ELVIS"
  | "SAFE_NAVI"
  | "LSQUARE"
  | "RSQUARE"
  | "LCURLY"
  | "RCURLY"
  | "HASH"
  | "BEAN_REF"
  | "FACTORY_BEAN_REF"
  | "INC"
  | "DEC"
  | "SYMBOLIC_AND"
  | "SYMBOLIC_OR"
  | "SELECT"
  | "SELECT_FIRST"
  | "SELECT_LAST"
  | "PROJECT";

/** One token: kind, text (for literals and identifiers) and its span. */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

/** Words that Spring's tokenizer turns into operators, in any case. */
const WORD_OPERATORS: Record<string, TokenKind> = {
  DIV: "DIV",
  EQ: "EQ",
  GE: "GE",
  GT: "GT",
  LE: "LE",
  LT: "LT",
  MOD: "MOD",
  NE: "NE",
  NOT: "NOT",
};

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/**
 * The char code at `i`, or -1 past the end. (`charCodeAt` past the end gives NaN, which matches
 * nothing either, but an out-of-bounds read deoptimises the optimised tokenizer each time.)
 */
function codeAt(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : -1;
}
function isIdentPart(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 95 /* _ */ || c === 36 /* $ */;
}

/**
 * SpEL's tokenizer on jsep's scanner: the cursor (`index`, `code`, `char`) and error position
 * conventions come from jsep's `Jsep` class; the token rules are Spring's `Tokenizer`. This is a
 * private subclass, so jsep's global operator tables and hooks are neither read nor changed.
 */
export class SpelTokenizer extends JsepBase {
  readonly #tokens: Token[] = [];

  /** Tokenizes the whole text. Throws a parse-phase `ExpressionError` on bad input. */
  static tokenize(text: string): Token[] {
    return new SpelTokenizer(text).process();
  }

  override throwError(message: string): never {
    throw parseError("SYNTAX", message, this.index);
  }

  private push(kind: TokenKind, length: number, text = ""): void {
    this.#tokens.push({ kind, text, start: this.index, end: this.index + length });
    this.index += length;
  }

  private peekCode(offset: number): number {
    return codeAt(this.expr, this.index + offset);
  }

  process(): Token[] {
    const expr = this.expr;
    while (this.index < expr.length) {
      const c = this.code;
      if (isAlpha(c)) {
        this.identifier();
        continue;
      }
      switch (c) {
        case 32: // space
        case 9: // tab
        case 13: // \r
        case 10: // \n
          this.index++;
          break;
        case 43: // +
          this.push(this.peekCode(1) === 43 ? "INC" : "PLUS", this.peekCode(1) === 43 ? 2 : 1);
          break;
        case 95: // _
          this.identifier();
          break;
        case 45: // -
          this.push(this.peekCode(1) === 45 ? "DEC" : "MINUS", this.peekCode(1) === 45 ? 2 : 1);
          break;
        case 58: // :
          this.push("COLON", 1);
          break;
        case 46: // .
          this.push("DOT", 1);
          break;
        case 44: // ,
          this.push("COMMA", 1);
          break;
        case 42: // *
          this.push("STAR", 1);
          break;
        case 47: // /
          this.push("DIV", 1);
          break;
        case 37: // %
          this.push("MOD", 1);
          break;
        case 40: // (
          this.push("LPAREN", 1);
          break;
        case 41: // )
          this.push("RPAREN", 1);
          break;
        case 91: // [
          this.push("LSQUARE", 1);
          break;
        case 35: // #
          this.push("HASH", 1);
          break;
        case 93: // ]
          this.push("RSQUARE", 1);
          break;
        case 123: // {
          this.push("LCURLY", 1);
          break;
        case 125: // }
          this.push("RCURLY", 1);
          break;
        case 64: // @
          this.push("BEAN_REF", 1);
          break;
        case 94: // ^
          if (this.peekCode(1) === 91) this.push("SELECT_FIRST", 2);
          else this.push("POWER", 1);
          break;
        case 33: // !
          if (this.peekCode(1) === 61) this.push("NE", 2);
          else if (this.peekCode(1) === 91) this.push("PROJECT", 2);
          else this.push("NOT", 1);
          break;
        case 61: // =
          this.push(this.peekCode(1) === 61 ? "EQ" : "ASSIGN", this.peekCode(1) === 61 ? 2 : 1);
          break;
        case 38: // &
          this.push(this.peekCode(1) === 38 ? "SYMBOLIC_AND" : "FACTORY_BEAN_REF", this.peekCode(1) === 38 ? 2 : 1);
          break;
        case 124: // |
          if (this.peekCode(1) !== 124) {
            throw parseError("SYNTAX", "Missing expected character '|'", this.index, "EL1069E");
          }
          this.push("SYMBOLIC_OR", 2);
          break;
        case 63: // ?
          if (this.peekCode(1) === 91) this.push("SELECT", 2);
          else if (this.peekCode(1) === 46) this.push("SAFE_NAVI", 2);
          else if (this.peekCode(1) === 58) this.push("ELVIS", 2);
          else this.push("QMARK", 1);
          break;
        case 36: // $
          if (this.peekCode(1) === 91) this.push("SELECT_LAST", 2);
          else this.identifier();
          break;
        case 62: // >
          this.push(this.peekCode(1) === 61 ? "GE" : "GT", this.peekCode(1) === 61 ? 2 : 1);
          break;
        case 60: // <
          this.push(this.peekCode(1) === 61 ? "LE" : "LT", this.peekCode(1) === 61 ? 2 : 1);
          break;
        case 39: // '
        case 34: // "
          this.quoted(c);
          break;
        case 92: // \
          throw parseError("SYNTAX", "A backslash is not supported outside a string literal", this.index, "EL1065E");
        default:
          if (isDigit(c)) {
            this.number();
            break;
          }
          throw parseError("SYNTAX", `Cannot handle (${c}) '${this.char}'`, this.index);
      }
    }
    return this.#tokens;
  }

  private identifier(): void {
    const start = this.index;
    let i = start;
    while (i < this.expr.length && isIdentPart(this.expr.charCodeAt(i))) i++;
    const text = this.expr.slice(start, i);
    const word = text.length === 2 || text.length === 3 ? WORD_OPERATORS[text.toUpperCase()] : undefined;
    this.push(word ?? "IDENTIFIER", i - start, text);
  }

  private quoted(quote: number): void {
    const start = this.index;
    let i = start + 1;
    for (;;) {
      if (i >= this.expr.length) {
        throw parseError(
          "SYNTAX",
          `Cannot find terminating ${quote === 39 ? "'" : '"'} for string`,
          start,
          "EL1045E",
        );
      }
      if (this.expr.charCodeAt(i) === quote) {
        if (codeAt(this.expr, i + 1) === quote) {
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    this.push("STRING", i + 1 - start, this.expr.slice(start, i + 1));
  }

  private number(): void {
    const expr = this.expr;
    const start = this.index;
    const c0 = this.code;
    const c1 = this.peekCode(1);
    if (c0 === 48 && (c1 === 120 || c1 === 88)) {
      // hex
      let i = start + 2;
      while (i < expr.length && isHex(expr.charCodeAt(i))) i++;
      const digits = expr.slice(start + 2, i);
      if (digits === "") {
        throw parseError("SYNTAX", "The value '0x' cannot be parsed as an int", start, "EL1035E");
      }
      const cl = codeAt(expr, i);
      if (cl === 76 || cl === 108) {
        this.push("HEXLONG", i + 1 - start, digits);
      } else {
        this.push("HEXINT", i - start, digits);
      }
      return;
    }
    let i = start;
    while (i < expr.length && isDigit(expr.charCodeAt(i))) i++;
    let isReal = false;
    if (codeAt(expr, i) === 46 && isDigit(codeAt(expr, i + 1))) {
      isReal = true;
      i++;
      while (i < expr.length && isDigit(expr.charCodeAt(i))) i++;
    }
    const ce = codeAt(expr, i);
    if (ce === 101 || ce === 69) {
      // exponent
      isReal = true;
      let j = i + 1;
      const cs = codeAt(expr, j);
      if (cs === 43 || cs === 45) j++;
      if (!isDigit(codeAt(expr, j))) {
        throw parseError("SYNTAX", `Real number is not valid '${expr.slice(start, j)}'`, start, "EL1034E");
      }
      while (j < expr.length && isDigit(expr.charCodeAt(j))) j++;
      i = j;
    }
    const text = expr.slice(start, i);
    const suffix = codeAt(expr, i);
    if (!isReal && (suffix === 76 || suffix === 108)) {
      this.push("LONG", i + 1 - start, text);
    } else if (suffix === 102 || suffix === 70) {
      this.push("REAL_FLOAT", i + 1 - start, text);
    } else if (suffix === 100 || suffix === 68) {
      this.push("REAL", i + 1 - start, text);
    } else {
      this.push(isReal ? "REAL" : "INT", i - start, text);
    }
  }
}
