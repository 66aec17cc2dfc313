/**
 * Compiles an expression tree into closures. Each closure takes the evaluation state and the
 * active context object (what a bare name is read from: the root, or the element inside a
 * selection/projection, or the previous step of a chain).
 * @module
 */
import { evalError, ExpressionError } from "../errors.js";
import { PendingWork } from "../functions/function.js";
import { SPINNAKER_ALLOWED_TYPES } from "../java/class.js";
import type { Node } from "../parser/ast.js";
import { JavaArray, JavaMapEntry } from "../values/boxes.js";
import { convertValue, toBooleanOperand } from "../values/convert.js";
import { boxedName, isAssignable, isJavaMap, isPlainObject, isPrimitiveType, javaClassName } from "../values/kinds.js";
import {
  callMethod,
  checkedDataObjects,
  construct,
  isCheckedDataObject,
  isVirtualMap,
  JavaClassRef,
  readMapKey,
  readProperty,
  toIndex,
} from "./access.js";
import {
  opAdd,
  opBetween,
  opCompare,
  opDivide,
  opEquals,
  opMatches,
  opModulus,
  opMultiply,
  opNegate,
  opPlus,
  opPower,
  opSubtract,
} from "./operators.js";
import { specializeChain } from "./specialize.js";
import type { EvalState } from "./state.js";

/** A compiled node. */
export type Fn = (s: EvalState, active: unknown) => unknown;

function located(e: unknown, pos: number): unknown {
  if (e instanceof ExpressionError && e.position === undefined) e.position = pos;
  return e;
}

/** Wraps a closure so errors it throws carry the node's position. */
function at(pos: number, f: Fn): Fn {
  return (s, a) => {
    try {
      return f(s, a);
    } catch (e) {
      throw located(e, pos);
    }
  };
}

/**
 * Evaluates an operand of `and`/`or`/`?:` and converts it to boolean as SpEL does; errors carry
 * its position. A plain function (not a closure per node): the hot path is inlinable and a
 * compiled expression holds fewer objects.
 */
function booleanAt(f: Fn, s: EvalState, a: unknown, pos: number): boolean {
  try {
    const v = f(s, a);
    return typeof v === "boolean" ? v : toBooleanOperand(v);
  } catch (e) {
    throw located(e, pos);
  }
}

/**
 * One closure for a binary operator: `op(left, right)`, errors carrying the operator's position.
 * A literal operand's value is captured (evaluating a literal has no effects).
 */
function binaryAt(pos: number, left: Node, right: Node, op: (x: unknown, y: unknown) => unknown): Fn {
  if (right.type === "Literal") {
    const l = compile(left);
    const y = right.value;
    return (s, a) => {
      try {
        return op(l(s, a), y);
      } catch (e) {
        throw located(e, pos);
      }
    };
  }
  if (left.type === "Literal") {
    const x = left.value;
    const r = compile(right);
    return (s, a) => {
      try {
        return op(x, r(s, a));
      } catch (e) {
        throw located(e, pos);
      }
    };
  }
  const l = compile(left);
  const r = compile(right);
  return (s, a) => {
    try {
      return op(l(s, a), r(s, a));
    } catch (e) {
      throw located(e, pos);
    }
  };
}

/**
 * One step of a member chain (`a.b[0].c`): a property name or a literal int index, and `meta`
 * (`position * 2`, plus 1 when null-safe) for the slow path. Runs of such steps compile to one
 * closure that holds the keys and metas in its own context (no object per step) and reads each
 * step through {@link readStep}.
 */
interface ChainStep {
  readonly key: string | number;
  readonly meta: number;
}

/** A chain step for a `Property` or a literal-int `Indexer` node, else null. */
function chainStepOf(n: Node): ChainStep | null {
  if (n.type === "Property") return { key: n.name, meta: n.start * 2 + (n.nullSafe ? 1 : 0) };
  if (n.type === "Indexer" && n.index.type === "Literal" && typeof n.index.value === "number") {
    return { key: n.index.value, meta: n.start * 2 };
  }
  return null;
}

/**
 * Reads one chain step from `v`. Hot path: an own property of a plain object already verified to
 * hold only data properties (one WeakSet lookup), or an in-range index of an array.
 */
function readStep(s: EvalState, v: unknown, key: string | number, meta: number): unknown {
  if (typeof key === "string") {
    if (isCheckedDataObject(v) && Object.hasOwn(v, key)) {
      const x = v[key];
      return x === undefined ? null : x;
    }
  } else if (Array.isArray(v) && key < v.length) {
    return v[key] ?? null;
  }
  return readStepSlow(s, v, key, meta);
}

/** Everything else: `readProperty` (null, maps, getters of emulated classes, errors) or `indexInto`. */
function readStepSlow(s: EvalState, v: unknown, key: string | number, meta: number): unknown {
  try {
    return typeof key === "string" ? readProperty(s, v, key, meta % 2 === 1) : indexInto(s, v, key);
  } catch (e) {
    throw located(e, Math.floor(meta / 2));
  }
}

// (one small factory per length, so each closure's context holds only its own keys and metas)
function chain1(k0: string | number, m0: number): Fn {
  return (s, a) => readStep(s, a, k0, m0);
}
function chain2(k0: string | number, m0: number, k1: string | number, m1: number): Fn {
  return (s, a) => readStep(s, readStep(s, a, k0, m0), k1, m1);
}
function chain3(k0: string | number, m0: number, k1: string | number, m1: number, k2: string | number, m2: number): Fn {
  return (s, a) => readStep(s, readStep(s, readStep(s, a, k0, m0), k1, m1), k2, m2);
}
function chainN(steps: readonly ChainStep[]): Fn {
  const keys = steps.map((st) => st.key);
  const metas = steps.map((st) => st.meta);
  return (s, a) => {
    let v = a;
    for (let i = 0; i < keys.length; i++) v = readStep(s, v, keys[i]!, metas[i]!);
    return v;
  };
}

function closureChain(steps: readonly ChainStep[]): Fn {
  const [a, b, c] = steps;
  switch (steps.length) {
    case 1:
      return chain1(a!.key, a!.meta);
    case 2:
      return chain2(a!.key, a!.meta, b!.key, b!.meta);
    case 3:
      return chain3(a!.key, a!.meta, b!.key, b!.meta, c!.key, c!.meta);
    default:
      return chainN(steps);
  }
}

/** How many runs of a chain closure before it is specialized (see `specialize.ts`); set per compile. */
let specializeAfter = Infinity;

/**
 * A member chain: the closure, or (unless `specializeAfter` is Infinity) one closure that reads its
 * steps in a loop, counting its runs, until it has run `specializeAfter` times and from then on
 * calls the specialized function. Its steps are held once, in one flat array (key, meta, ...):
 * compiled expressions stay in the cache, so what they hold is what the garbage collector copies.
 */
function compileChain(steps: readonly ChainStep[]): Fn {
  const after = specializeAfter;
  if (after === Infinity) return closureChain(steps);
  const flat: (string | number)[] = [];
  for (const st of steps) flat.push(st.key, st.meta);
  if (after <= 0) return specialized(flat);
  let runs = 0;
  let fast: Fn | null = null;
  return (s, a) => {
    if (fast !== null) return fast(s, a);
    if (++runs >= after) fast = specialized(flat);
    let v = a;
    for (let i = 0; i < flat.length; i += 2) v = readStep(s, v, flat[i]!, flat[i + 1] as number);
    return v;
  };
}

/** The specialized function for a chain's steps (`[key, meta, ...]`), or its closure without code generation. */
function specialized(flat: readonly (string | number)[]): Fn {
  const keys: (string | number)[] = [];
  const metas: number[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    keys.push(flat[i]!);
    metas.push(flat[i + 1] as number);
  }
  return specializeChain(keys, metas, checkedDataObjects, readStepSlow) ?? closureChain(keys.map((key, i) => ({ key, meta: metas[i]! })));
}

/**
 * Compiles a parsed expression. Member chains that have run `specializeAfter` times are replaced
 * by functions generated for their own steps (`Infinity`: never).
 */
export function compileExpression(n: Node, options: { specializeAfter: number }): Fn {
  const saved = specializeAfter;
  specializeAfter = options.specializeAfter;
  try {
    return compile(n);
  } finally {
    specializeAfter = saved;
  }
}

function step(s: EvalState): void {
  if (--s.steps < 0) {
    throw evalError("LIMIT_EXCEEDED", "The expression exceeded its work budget", {});
  }
}

/** Iterates a collection-like value as SpEL does (lists, sets, arrays). */
function iterable(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof JavaArray) return v.items;
  if (v instanceof Set) return [...v];
  return null;
}

function mapEntriesOf(v: unknown): JavaMapEntry[] | null {
  if (isPlainObject(v)) return Object.keys(v).map((k) => new JavaMapEntry(k, v[k] ?? null));
  if (v instanceof Map) return [...v].map(([k, x]) => new JavaMapEntry(k, x));
  return null;
}

function resolveType(s: EvalState, typeName: string): string {
  const name = s.config.classes.locate(typeName);
  if (!name) {
    throw evalError("TYPE_NOT_ALLOWED", `Type cannot be found '${typeName}'`, { spelCode: "EL1005E" });
  }
  if (s.config.profile === "spinnaker" && !SPINNAKER_ALLOWED_TYPES.has(name)) {
    throw evalError("TYPE_NOT_ALLOWED", `A problem occurred whilst attempting to access the property '${typeName}': 'type not allowed'`, {
      spelCode: "EL1021E",
    });
  }
  if (s.config.classes.isSpelOnly(name) && s.config.profile !== "spel") {
    throw evalError("TYPE_NOT_ALLOWED", `Type cannot be found '${typeName}'`, { spelCode: "EL1005E" });
  }
  return name;
}

function defaultOf(component: string): unknown {
  if (component === "boolean") return false;
  if (isPrimitiveType(component)) return convertValue(0, component);
  return null;
}

/** Compiles a tree into a closure. */
export function compile(n: Node): Fn {
  switch (n.type) {
    case "Literal": {
      const v = n.value;
      return () => v;
    }
    case "Property":
      return compileChain([chainStepOf(n)!]);
    case "Variable": {
      const name = n.name;
      if (name === "this") return (_s, a) => a;
      if (name === "root") return (s) => s.root;
      return (s) => {
        const v = s.variables?.get(name);
        return v === undefined ? null : v;
      };
    }
    case "Compound": {
      // consecutive property / literal-index steps fuse into one chain closure
      const fns: Fn[] = [];
      let run: ChainStep[] = [];
      for (let i = 0; i < n.steps.length; i++) {
        const stepNode = n.steps[i]!;
        const cs = chainStepOf(stepNode);
        if (cs) {
          run.push(cs);
          continue;
        }
        if (run.length) fns.push(compileChain(run));
        run = [];
        fns.push(compile(stepNode));
      }
      if (run.length) fns.push(compileChain(run));
      if (fns.length === 1) return fns[0]!;
      if (fns.length === 2) {
        const [f0, f1] = fns as [Fn, Fn];
        return (s, a) => f1(s, f0(s, a));
      }
      if (fns.length === 3) {
        const [f0, f1, f2] = fns as [Fn, Fn, Fn];
        return (s, a) => f2(s, f1(s, f0(s, a)));
      }
      return (s, a) => {
        let v = a;
        for (const f of fns) v = f(s, v);
        return v;
      };
    }
    case "Method": {
      const { name, nullSafe } = n;
      const args = n.args.map(compile);
      return at(n.start, (s, a) => {
        const vals = args.map((f) => f(s, s.scopeRoot));
        return callMethod(s, a, name, vals, nullSafe);
      });
    }
    case "Function": {
      const name = n.name;
      const args = n.args.map(compile);
      return at(n.start, (s) => callFunction(s, name, args.map((f) => f(s, s.scopeRoot))));
    }
    case "Indexer": {
      const literalStep = chainStepOf(n);
      if (literalStep) return compileChain([literalStep]);
      const indexNode = n.index;
      const literalKey = indexNode.type === "Property" ? indexNode.name : null;
      const index = compile(indexNode);
      const slow = at(n.start, (s, target) => {
        let key: unknown;
        if (literalKey !== null && (isJavaMap(target) || isVirtualMap(target))) key = literalKey;
        else key = index(s, s.scopeRoot);
        return indexInto(s, target, key);
      });
      return slow;
    }
    case "Projection": {
      const expr = compile(n.expr);
      const nullSafe = n.nullSafe;
      return at(n.start, (s, target) => {
        const entries = mapEntriesOf(target);
        const items = entries ?? iterable(target);
        if (items === null) {
          if ((target === null || target === undefined) && nullSafe) return null;
          throw evalError("OPERATOR", `Projection is not supported on the type '${javaClassName(target) ?? "null"}'`, {
            spelCode: "EL1014E",
          });
        }
        const saved = s.scopeRoot;
        const out: unknown[] = [];
        try {
          for (const el of items) {
            step(s);
            s.scopeRoot = el;
            out.push(expr(s, el));
          }
        } finally {
          s.scopeRoot = saved;
        }
        if (target instanceof JavaArray) return new JavaArray(out, "java.lang.Object");
        return out;
      });
    }
    case "Selection": {
      const expr = compile(n.expr);
      const { variant, nullSafe } = n;
      return at(n.start, (s, target) => {
        const saved = s.scopeRoot;
        const test = (el: unknown): boolean => {
          step(s);
          s.scopeRoot = el;
          const r = expr(s, el);
          if (typeof r !== "boolean") {
            throw evalError("OPERATOR", "Result of selection criteria is not boolean", { spelCode: "EL1016E" });
          }
          return r;
        };
        try {
          const entries = mapEntriesOf(target);
          if (entries) {
            const picked = entries.filter(test);
            if (variant !== "all" && picked.length === 0) return null;
            const chosen = variant === "first" ? picked.slice(0, 1) : variant === "last" ? picked.slice(-1) : picked;
            return new Map(chosen.map((e) => [e.key, e.value]));
          }
          const items = iterable(target);
          if (items === null) {
            if ((target === null || target === undefined) && nullSafe) return null;
            throw evalError("OPERATOR", `Cannot perform selection on input data of type '${javaClassName(target) ?? "null"}'`, {
              spelCode: "EL1015E",
            });
          }
          if (variant === "first") {
            for (const el of items) if (test(el)) return el;
            return null;
          }
          const picked = items.filter(test);
          if (variant === "last") return picked.length ? picked[picked.length - 1] : null;
          if (target instanceof JavaArray) return new JavaArray(picked, target.componentType);
          return picked;
        } finally {
          s.scopeRoot = saved;
        }
      });
    }
    case "TypeRef": {
      const { typeName, dims } = n;
      return at(n.start, (s) => new JavaClassRef(resolveType(s, typeName) + "[]".repeat(dims)));
    }
    case "Constructor":
      return compileConstructor(n);
    case "InlineList": {
      const els = n.elements.map(compile);
      return (s, a) => els.map((f) => f(s, a));
    }
    case "InlineMap": {
      const entries = n.entries.map(([k, v]) => {
        const key: Fn = k.type === "Property" ? ((name) => () => name)(k.name) : compile(k);
        return [key, compile(v)] as const;
      });
      return (s, a) => {
        const m = new Map<unknown, unknown>();
        for (const [k, v] of entries) {
          const key = k(s, a);
          let existing: unknown = key;
          for (const old of m.keys()) if (opEquals(old, key) && javaClassName(old) === javaClassName(key)) existing = old;
          m.set(existing, v(s, a));
        }
        return m;
      };
    }
    case "BeanRef": {
      const name = n.name;
      return at(n.start, () => {
        throw evalError("NOT_SUPPORTED", `No bean resolver registered in the context to resolve access to bean '${name}'`, {
          spelCode: "EL1057E",
        });
      });
    }
    case "UnaryExpression":
      return compileUnary(n);
    case "BinaryExpression":
      return compileBinary(n);
    case "ConditionalExpression": {
      const test = compile(n.test);
      const testPos = n.test.start;
      const yes = compile(n.consequent);
      const no = compile(n.alternate);
      return (s, a) => (booleanAt(test, s, a, testPos) ? yes(s, a) : no(s, a));
    }
    case "Elvis": {
      const left = compile(n.left);
      const right = compile(n.right);
      return (s, a) => {
        const v = left(s, a);
        return v === null || v === undefined || v === "" ? right(s, a) : v;
      };
    }
    case "Assign": {
      const target = n.target;
      const value = compile(n.value);
      if (target.type === "Variable" && target.name !== "this" && target.name !== "root") {
        const name = target.name;
        return (s, a) => {
          const v = value(s, a);
          (s.variables ??= new Map()).set(name, v);
          return v;
        };
      }
      return at(n.start, () => {
        throw evalError("NOT_ASSIGNABLE", "Only #variables can be assigned; pipeline data is read-only", { spelCode: "EL1068E" });
      });
    }
  }
}

function indexInto(s: EvalState, target: unknown, key: unknown): unknown {
  if (target === null || target === undefined) {
    throw evalError("NULL_REFERENCE", "Cannot index into a null value", { spelCode: "EL1012E" });
  }
  if (isJavaMap(target) || isVirtualMap(target)) return readMapKey(target, key);
  const list = Array.isArray(target) ? target : target instanceof JavaArray ? target.items : target instanceof Set ? [...target] : null;
  if (list !== null) {
    const i = toIndex(key);
    if (i < 0 || i >= list.length) {
      throw evalError("INDEX_OUT_OF_BOUNDS", `The collection has '${list.length}' elements, index '${i}' is invalid`, {
        spelCode: "EL1025E",
      });
    }
    return list[i] ?? null;
  }
  if (typeof target === "string") {
    const i = toIndex(key);
    if (i < 0 || i >= target.length) {
      throw evalError("INDEX_OUT_OF_BOUNDS", `The string has '${target.length}' characters, index '${i}' is invalid`, {
        spelCode: "EL1026E",
      });
    }
    return target.charAt(i);
  }
  if (typeof key === "string") return readProperty(s, target, key, false);
  throw evalError("OPERATOR", `Indexing into type '${javaClassName(target)}' is not supported`, { spelCode: "EL1027E" });
}

/** Calls a registered `#function`. */
function callFunction(s: EvalState, name: string, args: unknown[]): unknown {
  const fn = s.config.functions.get(name);
  if (!fn) {
    if (s.variables?.has(name)) {
      throw evalError("FUNCTION_NOT_FOUND", `The function reference '${name}' cannot be invoked: it is a variable`, {
        spelCode: "EL1025E",
      });
    }
    throw evalError("FUNCTION_NOT_FOUND", `Function '${name}' could not be found`, { spelCode: "EL1006E" });
  }
  const params = fn.params;
  if (fn.varargs ? args.length < params.length - 1 : args.length !== params.length) {
    throw evalError(
      "FUNCTION_NOT_FOUND",
      `Incorrect number of arguments for function, ${args.length} supplied but function takes ${params.length}`,
      { spelCode: fn.varargs ? "EL1015E" : "EL1014E" },
    );
  }
  let converted: unknown[];
  if (fn.varargs) {
    const fixed = params.length - 1;
    converted = params.slice(0, fixed).map((p, i) => convertValue(args[i], p));
    const comp = params[fixed]!.replace(/\[\]$/, "");
    for (const a of args.slice(fixed)) converted.push(convertValue(a, comp));
  } else {
    converted = params.map((p, i) => convertValue(args[i], p));
  }
  try {
    return fn.invoke(
      {
        root: s.root,
        services: s.config.services,
        profile: s.config.profile,
        now: s.config.now,
        random: s.config.random,
        resolve: <T>(key: string, load: () => Promise<T>): T => {
          if (s.resolved.has(key)) {
            const r = s.resolved.get(key);
            if (r instanceof Error) throw r;
            return r as T;
          }
          throw new PendingWork(key, load);
        },
      },
      ...converted,
    );
  } catch (e) {
    if (e instanceof PendingWork) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw evalError("FUNCTION_FAILED", `A problem occurred whilst attempting to invoke the function '${name}': '${msg}'`, {
      spelCode: "EL1023E",
      cause: e,
      exceptionType: "SpelEvaluationException",
    });
  }
}

function compileConstructor(n: Extract<Node, { type: "Constructor" }>): Fn {
  const { typeName } = n;
  if (n.array) {
    const dims = n.array.dims.map((d) => (d ? compile(d) : null));
    const init = n.array.init ? compile(n.array.init) : null;
    return at(n.start, (s, a) => {
      const component = isPrimitiveType(typeName) ? typeName : resolveType(s, typeName);
      if (dims.length !== 1) {
        throw evalError("NOT_SUPPORTED", "Only one-dimensional arrays can be constructed", { spelCode: "EL1062E" });
      }
      const d = dims[0];
      if (init) {
        if (d) throw evalError("OPERATOR", "Array size and initializer cannot both be given", { spelCode: "EL1061E" });
        const items = init(s, a) as unknown[];
        return new JavaArray(
          items.map((v) => convertValue(v, component)),
          component,
        );
      }
      if (!d) throw evalError("OPERATOR", "An array initializer or a dimension is required", { spelCode: "EL1062E" });
      const size = toIndex(d(s, s.scopeRoot));
      if (size < 0 || size > 100_000) {
        throw evalError("LIMIT_EXCEEDED", `Array size ${size} is out of the allowed range`, { exceptionType: "NegativeArraySizeException" });
      }
      const dv = defaultOf(component);
      return new JavaArray(Array.from({ length: size }, () => dv), component);
    });
  }
  const args = n.args.map(compile);
  return at(n.start, (s) => {
    const className = resolveType(s, typeName);
    return construct(
      s,
      className,
      args.map((f) => f(s, s.scopeRoot)),
    );
  });
}

function compileUnary(n: Extract<Node, { type: "UnaryExpression" }>): Fn {
  const arg = compile(n.argument);
  switch (n.operator) {
    case "!":
      return at(n.start, (s, a) => !toBooleanOperand(arg(s, a)));
    case "-":
      return at(n.start, (s, a) => opNegate(arg(s, a)));
    case "+":
      return at(n.start, (s, a) => opPlus(arg(s, a)));
    default: {
      const delta = n.operator === "++" ? 1 : -1;
      const target = n.argument;
      const prefix = n.prefix;
      if (target.type === "Variable" && target.name !== "this" && target.name !== "root") {
        const name = target.name;
        return at(n.start, (s) => {
          const old = s.variables?.get(name) ?? null;
          const next = opAdd(old, delta);
          (s.variables ??= new Map()).set(name, next);
          return prefix ? next : old;
        });
      }
      const text = target.type === "Literal" ? target.raw : "expression";
      return at(n.start, (s, a) => {
        arg(s, a);
        throw evalError("NOT_ASSIGNABLE", `The expression component '${text}' is not assignable`, { spelCode: "EL1068E" });
      });
    }
  }
}

/**
 * The same string as an engine-internalized one (object keys are internalized): data strings
 * from object literals and JSON keys are internalized too, so `===` against them is often one
 * pointer comparison instead of a character comparison.
 */
function internalized(text: string): string {
  for (const k in { [text]: 0 }) return k;
  return text;
}

/** `<`, `<=`, `>`, `>=` as binary operations. */
const LT = (x: unknown, y: unknown): boolean => opCompare(x, y) < 0;
const LE = (x: unknown, y: unknown): boolean => opCompare(x, y) <= 0;
const GT = (x: unknown, y: unknown): boolean => opCompare(x, y) > 0;
const GE = (x: unknown, y: unknown): boolean => opCompare(x, y) >= 0;

/** `==` / `!=` with a literal operand: the literal's value is captured, not evaluated by a closure. */
function compileEquality(n: Extract<Node, { type: "BinaryExpression" }>, negate: boolean): Fn {
  const { left, right } = n;
  // a string literal operand (evaluating a literal has no effects, so only the other side runs);
  // operand order is kept for opEquals, which defers to the left operand's Java equals
  if (right.type === "Literal" && typeof right.value === "string") {
    const lit = internalized(right.value);
    const x = compile(left);
    return negate
      ? (s, a) => {
          const v = x(s, a);
          return typeof v === "string" ? v !== lit : !opEquals(v, lit);
        }
      : (s, a) => {
          const v = x(s, a);
          return typeof v === "string" ? v === lit : opEquals(v, lit);
        };
  }
  if (left.type === "Literal" && typeof left.value === "string") {
    const lit = internalized(left.value);
    const y = compile(right);
    return negate
      ? (s, a) => {
          const v = y(s, a);
          return typeof v === "string" ? lit !== v : !opEquals(lit, v);
        }
      : (s, a) => {
          const v = y(s, a);
          return typeof v === "string" ? lit === v : opEquals(lit, v);
        };
  }
  const l = compile(left);
  const r = compile(right);
  return negate
    ? (s, a) => {
        const x = l(s, a);
        const y = r(s, a);
        if (typeof x === "string" && typeof y === "string") return x !== y;
        return !opEquals(x, y);
      }
    : (s, a) => {
        const x = l(s, a);
        const y = r(s, a);
        if (typeof x === "string" && typeof y === "string") return x === y;
        return opEquals(x, y);
      };
}

function compileBinary(n: Extract<Node, { type: "BinaryExpression" }>): Fn {
  if (n.operator === "==" || n.operator === "!=") return compileEquality(n, n.operator === "!=");
  const { left, right } = n;
  const pos = n.start;
  switch (n.operator) {
    case "and": {
      const l = compile(left);
      const r = compile(right);
      const lp = n.left.start;
      const rp = n.right.start;
      return (s, a) => booleanAt(l, s, a, lp) && booleanAt(r, s, a, rp);
    }
    case "or": {
      const l = compile(left);
      const r = compile(right);
      const lp = n.left.start;
      const rp = n.right.start;
      return (s, a) => booleanAt(l, s, a, lp) || booleanAt(r, s, a, rp);
    }
    case "<":
      return binaryAt(pos, left, right, LT);
    case "<=":
      return binaryAt(pos, left, right, LE);
    case ">":
      return binaryAt(pos, left, right, GT);
    case ">=":
      return binaryAt(pos, left, right, GE);
    case "+":
      return binaryAt(pos, left, right, opAdd);
    case "-":
      return binaryAt(pos, left, right, opSubtract);
    case "*":
      return binaryAt(pos, left, right, opMultiply);
    case "/":
      return binaryAt(pos, left, right, opDivide);
    case "%":
      return binaryAt(pos, left, right, opModulus);
    case "^":
      return binaryAt(pos, left, right, opPower);
    case "matches":
      return binaryAt(pos, left, right, opMatches);
    case "between":
      return binaryAt(pos, left, right, opBetween);
    case "instanceof": {
      const l = compile(left);
      const r = compile(right);
      return at(pos, (s, a) => {
        const v = l(s, a);
        const t = r(s, a);
        if (!(t instanceof JavaClassRef)) {
          throw evalError("OPERATOR", "Right operand for the 'instanceof' operator must be a class", { spelCode: "EL1066E" });
        }
        if (v === null || v === undefined) return false;
        return isAssignable(boxedName(t.className), javaClassName(v)!);
      });
    }
  }
}
