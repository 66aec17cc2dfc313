import type { JavaClassRef } from "../../eval/access.js";
import type { JavaClassDef } from "../class.js";
import { method } from "./define.js";

/** `java.lang.Class` (only reachable in the `spel` profile: Spinnaker rejects every Class method). */
export const classClass: JavaClassDef = {
  name: "java.lang.Class",
  spelOnly: true,
  methods: [
    method("getName", [], "java.lang.String", (c: JavaClassRef) => c.className),
    method("getSimpleName", [], "java.lang.String", (c: JavaClassRef) => c.className.slice(c.className.lastIndexOf(".") + 1)),
  ],
};
