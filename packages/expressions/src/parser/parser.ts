import { parseError } from "../errors.js";
import { JavaDouble, JavaFloat, JavaLong } from "../values/boxes.js";
import type { BinaryNode, InlineListNode, Node } from "./ast.js";
import { SpelTokenizer, type Token, type TokenKind } from "./tokenizer.js";

const RELATIONAL: Partial<Record<TokenKind, BinaryNode["operator"]>> = {
  GT: ">",
  LT: "<",
  LE: "<=",
  GE: ">=",
  EQ: "==",
  NE: "!=",
};

const QUALIFIED_ID = /^[\p{L}\p{N}_$]+$/u;

/**
 * SpEL's grammar as Spring's `InternalSpelExpressionParser` implements it (recursive descent over
 * the token stream), so precedence, non-chaining relational and power operators, trailing commas
 * and every parse error land where Spring puts them.
 */
class SpelParser {
  readonly #tokens: Token[];
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
    this.#tokens = SpelTokenizer.tokenize(text);
  }

  parse(): Node {
    const ast = this.eatExpression();
    if (!ast) {
      throw parseError("SYNTAX", "No expression", this.#tokens[0]?.start ?? 0);
    }
    const t = this.peek();
    if (t) {
      throw parseError(
        "SYNTAX",
        `After parsing a valid expression, there is still more data in the expression: '${this.describe(t)}'`,
        t.start,
        "EL1041E",
      );
    }
    return ast;
  }

  // ------------------------------------------------------------------ token helpers

  private peek(): Token | undefined {
    return this.#tokens[this.#pos];
  }

  /** Is the next token of one of these kinds? (Fixed parameters: no rest array per call.) */
  private peekKind(k1: TokenKind, k2?: TokenKind, k3?: TokenKind): boolean {
    const t = this.#tokens[this.#pos];
    if (t === undefined) return false;
    const k = t.kind;
    return k === k1 || k === k2 || k === k3;
  }

  private peekConsume(kind: TokenKind): boolean {
    const t = this.#tokens[this.#pos];
    if (t?.kind === kind) {
      this.#pos++;
      return true;
    }
    return false;
  }

  private peekIdentifier(word: string): boolean {
    const t = this.#tokens[this.#pos];
    return t?.kind === "IDENTIFIER" && t.text.length === word.length && t.text.toLowerCase() === word;
  }

  private take(): Token {
    const t = this.#tokens[this.#pos++];
    if (!t) throw this.outOfInput();
    return t;
  }

  private eat(kind: TokenKind): Token {
    const t = this.#tokens[this.#pos++];
    if (!t) throw this.outOfInput();
    if (t.kind !== kind) {
      throw parseError(
        "SYNTAX",
        `Unexpected token. Expected '${kind.toLowerCase()}' but was '${this.describe(t)}'`,
        t.start,
        "EL1043E",
      );
    }
    return t;
  }

  private outOfInput(): Error {
    return parseError("SYNTAX", "Unexpectedly ran out of input", this.#text.length, "EL1044E");
  }

  private describe(t: Token): string {
    return t.text || t.kind.toLowerCase();
  }

  private lastEnd(): number {
    return this.#tokens[this.#pos - 1]?.end ?? 0;
  }

  private checkOperands(op: Token, left: Node | null, right: Node | null): void {
    if (!left) throw parseError("SYNTAX", "Problem parsing left operand", op.start, "EL1070E");
    if (!right) throw parseError("SYNTAX", "Problem parsing right operand", op.start, "EL1071E");
  }

  private binary(op: BinaryNode["operator"], left: Node, right: Node): Node {
    return { type: "BinaryExpression", operator: op, left, right, start: left.start, end: right.end };
  }

  // ------------------------------------------------------------------ grammar

  private eatExpression(): Node | null {
    const expr = this.eatLogicalOr();
    const t = this.peek();
    if (!t) return expr;
    if (t.kind === "ASSIGN") {
      this.#pos++;
      const left = expr ?? this.nullLiteral(t.start);
      const value = this.eatLogicalOr();
      if (!value) throw parseError("SYNTAX", "Problem parsing right operand", t.start, "EL1071E");
      return { type: "Assign", target: left, value, start: left.start, end: value.end };
    }
    if (t.kind === "ELVIS") {
      this.#pos++;
      const left = expr ?? this.nullLiteral(t.start);
      const right = this.eatExpression() ?? this.nullLiteral(t.end);
      return { type: "Elvis", left, right, start: left.start, end: right.end };
    }
    if (t.kind === "QMARK") {
      this.#pos++;
      const test = expr ?? this.nullLiteral(t.start);
      const consequent = this.eatExpression();
      this.eat("COLON");
      const alternate = this.eatExpression();
      if (!consequent || !alternate) throw parseError("SYNTAX", "Problem parsing ternary operand", t.start, "EL1071E");
      return { type: "ConditionalExpression", test, consequent, alternate, start: test.start, end: alternate.end };
    }
    return expr;
  }

  private nullLiteral(pos: number): Node {
    return { type: "Literal", value: null, raw: "null", start: pos, end: pos };
  }

  private eatLogicalOr(): Node | null {
    let expr = this.eatLogicalAnd();
    while (this.peekIdentifier("or") || this.peekKind("SYMBOLIC_OR")) {
      const t = this.take();
      const right = this.eatLogicalAnd();
      this.checkOperands(t, expr, right);
      expr = this.binary("or", expr!, right!);
    }
    return expr;
  }

  private eatLogicalAnd(): Node | null {
    let expr = this.eatRelational();
    while (this.peekIdentifier("and") || this.peekKind("SYMBOLIC_AND")) {
      const t = this.take();
      const right = this.eatRelational();
      this.checkOperands(t, expr, right);
      expr = this.binary("and", expr!, right!);
    }
    return expr;
  }

  private eatRelational(): Node | null {
    const expr = this.eatSum();
    const t = this.peek();
    if (!t) return expr;
    let op: BinaryNode["operator"] | undefined = RELATIONAL[t.kind];
    if (!op && t.kind === "IDENTIFIER" && t.text.length >= 7 && t.text.length <= 10) {
      const w = t.text.toLowerCase();
      if (w === "instanceof" || w === "matches" || w === "between") op = w;
    }
    if (!op) return expr;
    this.#pos++;
    const right = this.eatSum();
    this.checkOperands(t, expr, right);
    return this.binary(op, expr!, right!);
  }

  private eatSum(): Node | null {
    let expr = this.eatProduct();
    while (this.peekKind("PLUS", "MINUS", "INC")) {
      const t = this.take();
      const right = this.eatProduct();
      if (!right) throw parseError("SYNTAX", "Problem parsing right operand", t.start, "EL1071E");
      if (t.kind === "PLUS" || t.kind === "MINUS") {
        if (!expr) throw parseError("SYNTAX", "Problem parsing left operand", t.start, "EL1070E");
        expr = this.binary(t.kind === "PLUS" ? "+" : "-", expr, right);
      }
    }
    return expr;
  }

  private eatProduct(): Node | null {
    let expr = this.eatPowerIncDec();
    while (this.peekKind("STAR", "DIV", "MOD")) {
      const t = this.take();
      const right = this.eatPowerIncDec();
      this.checkOperands(t, expr, right);
      expr = this.binary(t.kind === "STAR" ? "*" : t.kind === "DIV" ? "/" : "%", expr!, right!);
    }
    return expr;
  }

  private eatPowerIncDec(): Node | null {
    const expr = this.eatUnary();
    if (this.peekKind("POWER")) {
      const t = this.take();
      const right = this.eatUnary();
      if (!right) throw parseError("SYNTAX", "Problem parsing right operand", t.start, "EL1071E");
      if (!expr) throw parseError("SYNTAX", "Problem parsing left operand", t.start, "EL1070E");
      return this.binary("^", expr, right);
    }
    if (expr && this.peekKind("INC", "DEC")) {
      const t = this.take();
      return {
        type: "UnaryExpression",
        operator: t.kind === "INC" ? "++" : "--",
        prefix: false,
        argument: expr,
        start: expr.start,
        end: t.end,
      };
    }
    return expr;
  }

  private eatUnary(): Node | null {
    if (this.peekKind("PLUS", "MINUS", "NOT")) {
      const t = this.take();
      const arg = this.eatUnary();
      if (!arg) throw parseError("SYNTAX", "Problem parsing operand", t.start, "EL1071E");
      const operator = t.kind === "NOT" ? "!" : t.kind === "PLUS" ? "+" : "-";
      return { type: "UnaryExpression", operator, prefix: true, argument: arg, start: t.start, end: arg.end };
    }
    if (this.peekKind("INC", "DEC")) {
      const t = this.take();
      const arg = this.eatUnary();
      if (!arg) throw parseError("SYNTAX", "Problem parsing operand", t.start, "EL1071E");
      return {
        type: "UnaryExpression",
        operator: t.kind === "INC" ? "++" : "--",
        prefix: true,
        argument: arg,
        start: t.start,
        end: arg.end,
      };
    }
    return this.eatPrimary();
  }

  private eatPrimary(): Node | null {
    const start = this.eatStartNode();
    if (!start) return null;
    const second = this.eatNode();
    if (!second) return start; // the common case: no steps array
    const steps: Node[] = [start, second];
    for (;;) {
      const n = this.eatNode();
      if (!n) break;
      steps.push(n);
    }
    return { type: "Compound", steps, start: start.start, end: steps[steps.length - 1]!.end };
  }

  private eatNode(): Node | null {
    if (this.peekKind("DOT", "SAFE_NAVI")) return this.eatDottedNode();
    if (this.peekKind("LSQUARE")) return this.maybeIndexer();
    return null;
  }

  private eatDottedNode(): Node {
    const t = this.take();
    const nullSafe = t.kind === "SAFE_NAVI";
    const n =
      this.maybeMethodOrProperty(nullSafe) ??
      this.maybeFunctionOrVar() ??
      this.maybeProjection(nullSafe) ??
      this.maybeSelection(nullSafe);
    if (n) return n;
    const next = this.peek();
    if (!next) throw this.outOfInput();
    throw parseError("SYNTAX", `Unexpected data after '.': '${this.describe(next)}'`, next.start, "EL1049E");
  }

  private eatStartNode(): Node | null {
    return (
      this.maybeLiteral() ??
      this.maybeParenExpression() ??
      this.maybeTypeReference() ??
      this.maybeNullReference() ??
      this.maybeConstructor() ??
      this.maybeMethodOrProperty(false) ??
      this.maybeFunctionOrVar() ??
      this.maybeBeanReference() ??
      this.maybeProjection(false) ??
      this.maybeSelection(false) ??
      this.maybeIndexer() ??
      this.maybeInlineListOrMap()
    );
  }

  private maybeLiteral(): Node | null {
    const t = this.peek();
    if (!t) return null;
    let value: unknown;
    switch (t.kind) {
      case "INT":
        value = parseInt10(t, 31n);
        break;
      case "LONG":
        value = new JavaLong(parseInt10(t, 63n, true) as bigint);
        break;
      case "HEXINT": {
        const v = BigInt("0x" + t.text);
        if (v > 0xffffffffn) throw parseError("SYNTAX", `The value '${t.text}' cannot be parsed as an int`, t.start, "EL1035E");
        // Integer.parseInt(hex, 16) rejects values above 0x7FFFFFFF
        if (v > 0x7fffffffn) throw parseError("SYNTAX", `The value '${t.text}' cannot be parsed as an int`, t.start, "EL1035E");
        value = Number(v);
        break;
      }
      case "HEXLONG": {
        const v = BigInt("0x" + t.text);
        if (v > 0x7fffffffffffffffn) throw parseError("SYNTAX", `The value '${t.text}' cannot be parsed as a long`, t.start, "EL1036E");
        value = new JavaLong(v);
        break;
      }
      case "REAL":
        value = new JavaDouble(Number(t.text));
        break;
      case "REAL_FLOAT":
        value = new JavaFloat(Number(t.text));
        break;
      case "STRING": {
        const q = t.text[0]!;
        const body = t.text.slice(1, -1);
        // a doubled quote stands for one quote; most literals have none
        value = body.includes(q) ? body.split(q + q).join(q) : body;
        break;
      }
      case "IDENTIFIER": {
        if (t.text.length !== 4 && t.text.length !== 5) return null;
        const w = t.text.toLowerCase();
        if (w === "true") value = true;
        else if (w === "false") value = false;
        else return null;
        break;
      }
      default:
        return null;
    }
    this.#pos++;
    return { type: "Literal", value, raw: this.#text.slice(t.start, t.end), start: t.start, end: t.end };
  }

  private maybeParenExpression(): Node | null {
    if (!this.peekKind("LPAREN")) return null;
    const open = this.take();
    const expr = this.eatExpression();
    this.eat("RPAREN");
    if (!expr) throw parseError("SYNTAX", "Problem parsing parenthesised expression", open.start, "EL1071E");
    return expr;
  }

  private maybeTypeReference(): Node | null {
    const t = this.peek();
    if (t?.kind !== "IDENTIFIER" || t.text !== "T") return null;
    this.#pos++;
    if (this.peekKind("RSQUARE")) {
      return { type: "Property", name: "T", nullSafe: false, start: t.start, end: t.end };
    }
    this.eat("LPAREN");
    const typeName = this.eatQualifiedId();
    let dims = 0;
    while (this.peekConsume("LSQUARE")) {
      this.eat("RSQUARE");
      dims++;
    }
    this.eat("RPAREN");
    return { type: "TypeRef", typeName, dims, start: t.start, end: this.lastEnd() };
  }

  private maybeNullReference(): Node | null {
    if (!this.peekIdentifier("null")) return null;
    const t = this.take();
    return { type: "Literal", value: null, raw: t.text, start: t.start, end: t.end };
  }

  private maybeConstructor(): Node | null {
    if (!this.peekIdentifier("new")) return null;
    const t = this.take();
    if (this.peekKind("RSQUARE")) {
      return { type: "Property", name: t.text, nullSafe: false, start: t.start, end: t.end };
    }
    const typeName = this.eatQualifiedId();
    if (this.peekConsume("LSQUARE")) {
      const dims: (Node | null)[] = [];
      this.#pos--;
      while (this.peekConsume("LSQUARE")) {
        if (!this.peekKind("RSQUARE")) dims.push(this.eatExpression());
        else dims.push(null);
        this.eat("RSQUARE");
      }
      const init = this.maybeInlineListOrMap();
      if (init && init.type !== "InlineList") {
        throw parseError("SYNTAX", "Array initializer must be a list", init.start, "EL1060E");
      }
      return {
        type: "Constructor",
        typeName,
        args: [],
        array: { dims, init: (init as InlineListNode | null) ?? null },
        start: t.start,
        end: this.lastEnd(),
      };
    }
    if (!this.peekKind("LPAREN")) {
      throw parseError("SYNTAX", "Expected arguments for the constructor", this.peek()?.start ?? this.#text.length, "EL1066E");
    }
    const args = this.eatArguments();
    return { type: "Constructor", typeName, args, start: t.start, end: this.lastEnd() };
  }

  private eatQualifiedId(): string {
    const pieces: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === "STRING") break;
      if (t.kind === "DOT") {
        this.#pos++;
        continue;
      }
      const text = t.text || this.#text.slice(t.start, t.end);
      if (t.kind === "IDENTIFIER" || QUALIFIED_ID.test(text)) {
        pieces.push(text);
        this.#pos++;
        continue;
      }
      break;
    }
    if (pieces.length === 0) {
      const t = this.peek();
      if (!t) throw this.outOfInput();
      throw parseError("SYNTAX", `Unexpected token. Expected 'qualified ID' but was '${this.describe(t)}'`, t.start, "EL1043E");
    }
    return pieces.join(".");
  }

  private maybeMethodOrProperty(nullSafe: boolean): Node | null {
    const t = this.peek();
    if (t?.kind !== "IDENTIFIER") return null;
    this.#pos++;
    if (this.peekKind("LPAREN")) {
      const args = this.eatArguments();
      return { type: "Method", name: t.text, args, nullSafe, start: t.start, end: this.lastEnd() };
    }
    return { type: "Property", name: t.text, nullSafe, start: t.start, end: t.end };
  }

  /** `(a, b, )`: a trailing comma is accepted, as in Spring. */
  private eatArguments(): Node[] {
    const open = this.eat("LPAREN");
    const args: Node[] = [];
    if (this.peekConsume("RPAREN")) return args;
    for (;;) {
      const t = this.peek();
      if (!t) throw parseError("SYNTAX", "Unexpectedly ran out of arguments", open.start, "EL1051E");
      if (t.kind !== "RPAREN") {
        const e = this.eatExpression();
        if (!e) throw parseError("SYNTAX", `Unexpected token '${this.describe(t)}' in argument list`, t.start, "EL1043E");
        args.push(e);
      }
      const next = this.peek();
      if (!next) throw parseError("SYNTAX", "Unexpectedly ran out of arguments", open.start, "EL1051E");
      if (next.kind === "COMMA") {
        this.#pos++;
        continue;
      }
      this.eat("RPAREN");
      return args;
    }
  }

  private maybeFunctionOrVar(): Node | null {
    if (!this.peekKind("HASH")) return null;
    const hash = this.take();
    const name = this.eat("IDENTIFIER");
    if (this.peekKind("LPAREN")) {
      const args = this.eatArguments();
      return { type: "Function", name: name.text, args, start: hash.start, end: this.lastEnd() };
    }
    return { type: "Variable", name: name.text, start: hash.start, end: name.end };
  }

  private maybeBeanReference(): Node | null {
    if (!this.peekKind("BEAN_REF", "FACTORY_BEAN_REF")) return null;
    const t = this.take();
    const n = this.peek();
    let name: string;
    if (n?.kind === "IDENTIFIER") name = n.text;
    else if (n?.kind === "STRING") name = n.text.slice(1, -1);
    else throw parseError("SYNTAX", "Expected a bean name after '@'", n?.start ?? this.#text.length, "EL1059E");
    this.#pos++;
    return { type: "BeanRef", name: (t.kind === "FACTORY_BEAN_REF" ? "&" : "") + name, start: t.start, end: n.end };
  }

  private maybeProjection(nullSafe: boolean): Node | null {
    if (!this.peekKind("PROJECT")) return null;
    const t = this.take();
    const expr = this.eatExpression();
    if (!expr) throw this.outOfInputOr(t);
    this.eat("RSQUARE");
    return { type: "Projection", expr, nullSafe, start: t.start, end: this.lastEnd() };
  }

  private outOfInputOr(t: Token): Error {
    const next = this.peek();
    if (!next) return this.outOfInput();
    return parseError("SYNTAX", "A required selection expression has not been specified", t.start, "EL1050E");
  }

  private maybeSelection(nullSafe: boolean): Node | null {
    if (!this.peekKind("SELECT", "SELECT_FIRST", "SELECT_LAST")) return null;
    const t = this.take();
    const expr = this.eatExpression();
    if (!expr) throw parseError("SYNTAX", "A required selection expression has not been specified", t.start, "EL1050E");
    this.eat("RSQUARE");
    const variant = t.kind === "SELECT_FIRST" ? "first" : t.kind === "SELECT_LAST" ? "last" : "all";
    return { type: "Selection", expr, variant, nullSafe, start: t.start, end: this.lastEnd() };
  }

  private maybeIndexer(): Node | null {
    if (!this.peekKind("LSQUARE")) return null;
    const t = this.take();
    const index = this.eatExpression();
    if (!index) throw parseError("SYNTAX", "A required selection expression has not been specified", t.start, "EL1050E");
    this.eat("RSQUARE");
    return { type: "Indexer", index, start: t.start, end: this.lastEnd() };
  }

  private maybeInlineListOrMap(): Node | null {
    if (!this.peekKind("LCURLY")) return null;
    const open = this.take();
    if (this.peekConsume("RCURLY")) {
      return { type: "InlineList", elements: [], start: open.start, end: this.lastEnd() };
    }
    if (this.peekConsume("COLON")) {
      this.eat("RCURLY");
      return { type: "InlineMap", entries: [], start: open.start, end: this.lastEnd() };
    }
    const first = this.eatElement(open);
    if (this.peekConsume("RCURLY")) {
      return { type: "InlineList", elements: [first], start: open.start, end: this.lastEnd() };
    }
    if (this.peekConsume("COMMA")) {
      const elements = [first];
      do elements.push(this.eatElement(open));
      while (this.peekConsume("COMMA"));
      this.eat("RCURLY");
      return { type: "InlineList", elements, start: open.start, end: this.lastEnd() };
    }
    if (this.peekConsume("COLON")) {
      const entries: [Node, Node][] = [[first, this.eatElement(open)]];
      while (this.peekConsume("COMMA")) {
        const k = this.eatElement(open);
        this.eat("COLON");
        entries.push([k, this.eatElement(open)]);
      }
      this.eat("RCURLY");
      return { type: "InlineMap", entries, start: open.start, end: this.lastEnd() };
    }
    if (!this.peek()) throw this.outOfInput();
    throw parseError("SYNTAX", "Unexpected token in inline collection", open.start, "EL1043E");
  }

  private eatElement(open: Token): Node {
    const e = this.eatExpression();
    if (!e) {
      const t = this.peek();
      if (!t) throw this.outOfInput();
      throw parseError("SYNTAX", `Unexpected token '${this.describe(t)}' in inline collection`, t.start ?? open.start, "EL1043E");
    }
    return e;
  }
}

const INT_LIMIT = 2n ** 31n;
const LONG_LIMIT = 2n ** 63n;

function parseInt10(t: Token, bits: 31n | 63n, asBig = false): number | bigint {
  // up to 9 decimal digits always fit an int: no BigInt needed
  if (!asBig && t.text.length <= 9) return Number(t.text);
  const v = BigInt(t.text);
  if (v >= (bits === 31n ? INT_LIMIT : LONG_LIMIT)) {
    throw parseError(
      "SYNTAX",
      `The value '${t.text}' cannot be parsed as ${bits === 31n ? "an int" : "a long"}`,
      t.start,
      bits === 31n ? "EL1035E" : "EL1036E",
    );
  }
  return asBig ? v : Number(v);
}

/** Parses SpEL expression text into a tree. Throws a parse-phase `ExpressionError`. */
export function parseSpel(text: string): Node {
  try {
    return new SpelParser(text).parse();
  } catch (e) {
    if (e instanceof Error && e.name === "ExpressionError") {
      (e as { expression?: string }).expression = text;
    }
    throw e;
  }
}
