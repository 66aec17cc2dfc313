/**
 * The expression tree. Node `type`s follow jsep's naming where jsep has the concept
 * (`Literal`, `BinaryExpression`, `UnaryExpression`, `ConditionalExpression`) and SpEL's names
 * for the rest. `start`/`end` are character offsets in the expression text.
 * @module
 */

interface Base {
  start: number;
  end: number;
}

/** A literal: string, int, long, float, double, boolean or null (already in the value model). */
export interface LiteralNode extends Base {
  type: "Literal";
  value: unknown;
  raw: string;
}
/** `name` read from the active object (`a`, `a.b`, `a?.b`). */
export interface PropertyNode extends Base {
  type: "Property";
  name: string;
  nullSafe: boolean;
}
/** `name(args)` on the active object. */
export interface MethodNode extends Base {
  type: "Method";
  name: string;
  args: Node[];
  nullSafe: boolean;
}
/** `#name` (including `#this` and `#root`). */
export interface VariableNode extends Base {
  type: "Variable";
  name: string;
}
/** `#name(args)`. */
export interface FunctionNode extends Base {
  type: "Function";
  name: string;
  args: Node[];
}
/** `[index]` on the active object. */
export interface IndexerNode extends Base {
  type: "Indexer";
  index: Node;
}
/** `.![expr]`. */
export interface ProjectionNode extends Base {
  type: "Projection";
  expr: Node;
  nullSafe: boolean;
}
/** `.?[expr]`, `.^[expr]`, `.$[expr]`. */
export interface SelectionNode extends Base {
  type: "Selection";
  expr: Node;
  variant: "all" | "first" | "last";
  nullSafe: boolean;
}
/** A start node followed by property/method/index/selection steps: `a.b[0].c()`. */
export interface CompoundNode extends Base {
  type: "Compound";
  steps: Node[];
}
/** `T(java.lang.Math)`. */
export interface TypeRefNode extends Base {
  type: "TypeRef";
  typeName: string;
  dims: number;
}
/** `new X(args)` or `new int[3]` / `new int[]{1, 2}`. */
export interface ConstructorNode extends Base {
  type: "Constructor";
  typeName: string;
  args: Node[];
  /** Array construction: the dimension expressions (null for `[]`) and an optional initializer. */
  array?: { dims: (Node | null)[]; init: InlineListNode | null };
}
/** `{1, 2, 3}` (also `{}`). */
export interface InlineListNode extends Base {
  type: "InlineList";
  elements: Node[];
}
/** `{a: 1, 'b': 2}` (also `{:}`); a bare-identifier key is its own name. */
export interface InlineMapNode extends Base {
  type: "InlineMap";
  entries: [Node, Node][];
}
/** `@bean` / `&bean`. */
export interface BeanRefNode extends Base {
  type: "BeanRef";
  name: string;
}
/** Binary operators; `operator` is the canonical lower-case symbol or word. */
export interface BinaryNode extends Base {
  type: "BinaryExpression";
  operator:
    | "or"
    | "and"
    | "+"
    | "-"
    | "*"
    | "/"
    | "%"
    | "^"
    | "=="
    | "!="
    | "<"
    | "<="
    | ">"
    | ">="
    | "instanceof"
    | "matches"
    | "between";
  left: Node;
  right: Node;
}
/** Unary operators: `!`, `-`, `+`, and `++`/`--` (prefix or postfix). */
export interface UnaryNode extends Base {
  type: "UnaryExpression";
  operator: "!" | "-" | "+" | "++" | "--";
  prefix: boolean;
  argument: Node;
}
/** `test ? consequent : alternate`. */
export interface ConditionalNode extends Base {
  type: "ConditionalExpression";
  test: Node;
  consequent: Node;
  alternate: Node;
}
/** `left ?: right`. */
export interface ElvisNode extends Base {
  type: "Elvis";
  left: Node;
  right: Node;
}
/** `target = value`. */
export interface AssignNode extends Base {
  type: "Assign";
  target: Node;
  value: Node;
}

/** Any node of the expression tree. */
export type Node =
  | LiteralNode
  | PropertyNode
  | MethodNode
  | VariableNode
  | FunctionNode
  | IndexerNode
  | ProjectionNode
  | SelectionNode
  | CompoundNode
  | TypeRefNode
  | ConstructorNode
  | InlineListNode
  | InlineMapNode
  | BeanRefNode
  | BinaryNode
  | UnaryNode
  | ConditionalNode
  | ElvisNode
  | AssignNode;
