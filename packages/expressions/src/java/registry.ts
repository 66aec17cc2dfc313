import { declareSupertypes } from "../values/kinds.js";
import type { JavaClassDef, JavaMethod } from "./class.js";

interface MergedClass {
  name: string;
  supers: string[];
  staticFields: Record<string, () => unknown>;
  methodsByName: Map<string, JavaMethod[]>;
  constructors: JavaMethod[];
  spelOnly: boolean;
}

/**
 * The emulated Java classes known to an evaluator. Several definitions of one class name merge
 * (for example `String`'s instance methods and its statics live in different files).
 */
export class JavaClassRegistry {
  readonly #classes = new Map<string, MergedClass>();

  /** Registers (or extends) classes. */
  register(...defs: JavaClassDef[]): this {
    for (const def of defs) {
      let c = this.#classes.get(def.name);
      if (!c) {
        c = {
          name: def.name,
          supers: [],
          staticFields: Object.create(null) as Record<string, () => unknown>,
          methodsByName: new Map(),
          constructors: [],
          spelOnly: def.spelOnly ?? false,
        };
        this.#classes.set(def.name, c);
      }
      if (def.spelOnly) c.spelOnly = true;
      if (def.supers) {
        c.supers.push(...def.supers.filter((s) => !c.supers.includes(s)));
        declareSupertypes(def.name, c.supers);
      }
      if (def.staticFields) Object.assign(c.staticFields, def.staticFields);
      for (const m of def.methods) {
        const list = c.methodsByName.get(m.name);
        if (list) list.push(m);
        else c.methodsByName.set(m.name, [m]);
      }
      if (def.constructors) c.constructors.push(...def.constructors);
    }
    return this;
  }

  /** True when the class is registered. */
  has(name: string): boolean {
    return this.#classes.has(name);
  }

  /** True when the class exists only in the `spel` profile. */
  isSpelOnly(name: string): boolean {
    return this.#classes.get(name)?.spelOnly ?? false;
  }

  /**
   * Resolves a type name as Spring's `StandardTypeLocator` does: the name as given, then with
   * the `java.lang.` prefix. Returns the fully qualified name or null.
   */
  locate(typeName: string): string | null {
    if (this.#classes.has(typeName)) return typeName;
    const withLang = `java.lang.${typeName}`;
    if (!typeName.includes(".") && this.#classes.has(withLang)) return withLang;
    return null;
  }

  /** Methods called `name` on the class and its registered supertypes (nearest first). */
  methods(className: string, name: string): JavaMethod[] {
    const out: JavaMethod[] = [];
    const seen = new Set<string>();
    const visit = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      const c = this.#classes.get(n);
      if (!c) return;
      const ms = c.methodsByName.get(name);
      if (ms) out.push(...ms);
      for (const s of c.supers) visit(s);
    };
    visit(className);
    if (className !== "java.lang.Object") visit("java.lang.Object");
    return out;
  }

  /** Constructors of the class. */
  constructorsOf(className: string): readonly JavaMethod[] {
    return this.#classes.get(className)?.constructors ?? [];
  }

  /** A static field reader, or undefined. */
  staticField(className: string, field: string): (() => unknown) | undefined {
    const c = this.#classes.get(className);
    return c && Object.hasOwn(c.staticFields, field) ? c.staticFields[field] : undefined;
  }
}
