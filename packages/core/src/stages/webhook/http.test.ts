import { describe, expect, it } from "vitest";
import { buildHeaders, buildRequest, classifyNetworkError, httpStatusName, parseBody } from "./http.js";

describe("httpStatusName", () => {
  it("gives Spring's HttpStatus constant names, as Orca stores them in webhook.statusCode", () => {
    expect([200, 201, 202, 204, 302, 400, 404, 416, 418, 429, 503, 504].map(httpStatusName)).toEqual([
      "OK",
      "CREATED",
      "ACCEPTED",
      "NO_CONTENT",
      "FOUND",
      "BAD_REQUEST",
      "NOT_FOUND",
      "REQUESTED_RANGE_NOT_SATISFIABLE",
      "I_AM_A_TEAPOT",
      "TOO_MANY_REQUESTS",
      "SERVICE_UNAVAILABLE",
      "GATEWAY_TIMEOUT",
    ]);
    expect(httpStatusName(299)).toBe("299");
  });
});

describe("classifyNetworkError", () => {
  it("classifies by the error code, looking through causes and AggregateErrors", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyNetworkError(err("ECONNREFUSED"))).toEqual({ kind: "not-sent", code: "ECONNREFUSED" });
    expect(classifyNetworkError(err("ENOTFOUND")).kind).toBe("not-sent");
    expect(classifyNetworkError(err("UND_ERR_CONNECT_TIMEOUT")).kind).toBe("not-sent");
    expect(classifyNetworkError(new TypeError("fetch failed", { cause: err("EAI_AGAIN") })).kind).toBe("not-sent");
    expect(classifyNetworkError(new AggregateError([err("ECONNREFUSED"), err("ECONNREFUSED")], "")).kind).toBe("not-sent");
    expect(classifyNetworkError(err("ECONNRESET")).kind).toBe("maybe-sent");
    expect(classifyNetworkError(err("UND_ERR_HEADERS_TIMEOUT")).kind).toBe("maybe-sent");
    expect(classifyNetworkError(err("UND_ERR_INVALID_ARG"))).toEqual({ kind: "other", code: "UND_ERR_INVALID_ARG" });
    expect(classifyNetworkError("boom")).toEqual({ kind: "other", code: undefined });
  });
});

describe("request building and body parsing", () => {
  it("drops denied and empty headers, stringifies values", () => {
    expect(buildHeaders({ "x-spinnaker-execution-id": "e", A: null, B: true, C: { k: 1 }, D: [1, "2"] })).toEqual({
      B: "true",
      C: '{"k":1}',
      D: ["1", "2"],
    });
    expect(buildHeaders("not json")).toEqual({});
    expect(buildHeaders(["x"])).toEqual({});
  });

  it("adds Accept and Content-Type unless given", () => {
    expect(buildRequest("POST", "http://x", { a: 1 }, { accept: "text/xml" })).toEqual({
      method: "POST",
      url: "http://x",
      headers: { accept: "text/xml", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(buildRequest("HEAD", "http://x", { a: 1 }, undefined).body).toBeUndefined();
    expect(buildRequest("POST", "http://x", null, undefined).body).toBeUndefined();
  });

  it("parses JSON bodies on a best-effort basis", () => {
    expect(parseBody("", "application/json")).toBeUndefined();
    expect(parseBody('{"a":1}', "text/plain")).toEqual({ a: 1 });
    expect(parseBody("true", "application/json")).toBe(true);
    expect(parseBody("true", "text/plain")).toBe("true");
    expect(parseBody("123", "application/problem+json; charset=utf-8")).toBe(123);
    expect(parseBody("{broken", "application/json")).toBe("{broken");
  });
});
