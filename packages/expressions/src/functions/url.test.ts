import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExpressionFunction } from "./function.js";
import { toJacksonJson } from "./json.js";
import { createTestEnv, invokeAsync, rootCause } from "./test-env.js";
import {
  createUrlFetcher,
  fromJsonFromUrl,
  fromUrl,
  jsonFromUrl,
  parseJavaProperties,
  propertiesFromUrl,
  UrlFetchError,
  validateUrl,
  validateUrlResolved,
  yamlFromUrl,
} from "./url.js";

// A real HTTP server on loopback. Loopback is refused by the default restrictions, so the tests
// allow 127.0.0.1 explicitly and separately prove the defaults refuse it.
let server: Server;
let base = "";
let flaky = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/text") res.end("hello from url");
    else if (path === "/json") res.end('{"replicas": 4, "regions": ["us-east-1", "eu-west-1"]}');
    else if (path === "/yaml") res.end("replicas: 4\nregions:\n  - us-east-1\n");
    else if (path === "/props") res.end("a=1\nb=two\n# comment\nc : spaced");
    else if (path === "/latin1") {
      res.setHeader("content-type", "text/plain; charset=iso-8859-1");
      res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    } else if (path === "/slow") setTimeout(() => res.end("late"), 2000);
    else if (path === "/big") res.end("x".repeat(5000));
    else if (path === "/big-chunked") {
      res.write("x".repeat(800));
      res.end("y".repeat(800));
    } else if (path === "/missing") {
      res.statusCode = 404;
      res.end("nope");
    } else if (path === "/flaky") {
      flaky++;
      if (flaky % 2 === 1) {
        res.statusCode = 503;
        res.end("busy");
      } else res.end("second time lucky");
    } else if (path === "/always500") {
      res.statusCode = 500;
      res.end("broken");
    } else if (path === "/redirect-ok") {
      res.statusCode = 302;
      res.setHeader("location", "/text");
      res.end();
    } else if (path === "/redirect-metadata") {
      res.statusCode = 302;
      res.setHeader("location", "http://169.254.169.254/latest/meta-data/");
      res.end();
    } else if (path === "/redirect-localhost") {
      res.statusCode = 301;
      res.setHeader("location", "http://localhost/x");
      res.end();
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const allowLoopback = { allowedHosts: ["127.0.0.1"] };
const fetcher = (): ReturnType<typeof createUrlFetcher> =>
  createUrlFetcher({ restrictions: allowLoopback, timeoutMs: 300, maxBytes: 1024 });
const run = (fn: ExpressionFunction, url: string, fetchUrl: (url: string) => Promise<string> = fetcher()): Promise<unknown> =>
  invokeAsync(fn, createTestEnv({ services: { fetchUrl } }), url);
const failure = async (p: Promise<unknown>): Promise<Error & { exceptionType?: string }> => {
  try {
    await p;
  } catch (e) {
    return e as Error & { exceptionType?: string };
  }
  throw new Error("expected a failure");
};

describe("validateUrl (Orca's default restrictions, spec 7.4)", () => {
  it.each([
    ["file:///etc/passwd", "unsupported URI scheme file:///etc/passwd"],
    ["ftp://cfg.example.com/p0.properties", "unsupported URI scheme ftp://cfg.example.com/p0.properties"],
    ["cfg.example.com/p0", "non absolute URI cfg.example.com/p0"],
    ["http://127.0.0.1/", "Verbatim IP addresses are not allowed"],
    ["http://169.254.169.254/", "Verbatim IP addresses are not allowed"],
    ["http://[::1]/x", "Verbatim IP addresses are not allowed"],
    ["http://2130706433/", "Verbatim IP addresses are not allowed"],
    ["http://localhost/", "Host not allowed: localhost"],
    ["http://foo.localhost/", "Host not allowed: foo.localhost"],
    ["http://nodots/x", "Host not allowed: nodots"],
    ["http://foo.local/x", "Host not allowed: foo.local"],
    ["http://a.spinnaker/x", "Host not allowed: a.spinnaker"],
    ["http://db.localdomain/x", "Host not allowed: db.localdomain"],
    ["http://metadata.google.internal/x", "Host not allowed: metadata.google.internal"],
  ])("%s is refused (func-119, spk-022..025, oracle u-*)", (url, message) => {
    let err: (Error & { exceptionType?: string }) | undefined;
    try {
      validateUrl(url);
    } catch (e) {
      err = e as Error & { exceptionType?: string };
    }
    expect(err?.message).toBe(message);
    expect(err?.exceptionType).toBe("IllegalArgumentException");
  });

  it("accepts public hostnames", () => {
    expect(validateUrl("https://config.example.com/app.txt").hostname).toBe("config.example.com");
  });

  it("refuses names that resolve to restricted addresses", async () => {
    const lookup = (addrs: string[]) => async (): Promise<string[]> => addrs;
    for (const a of ["127.0.0.1", "169.254.169.254", "10.1.2.3", "192.168.0.1", "172.20.0.1", "::1", "fe80::1", "::ffff:127.0.0.1", "fd00::1"]) {
      const e = await failure(validateUrlResolved("http://sneaky.example.com/", { lookup: lookup([a]) }));
      expect(e.message).toContain("resolves to a restricted address");
    }
    await expect(validateUrlResolved("http://ok.example.com/", { lookup: lookup(["93.184.216.34"]) })).resolves.toBeInstanceOf(URL);
    await expect(validateUrlResolved("http://ten.example.com/", { lookup: lookup(["10.0.0.1"]), rejectPrivateIps: false })).resolves.toBeInstanceOf(URL);
    const extra = await failure(validateUrlResolved("http://x.example.com/", { lookup: lookup(["203.0.113.9"]), rejectedIpRanges: ["203.0.113.0/24"] }));
    expect(extra.exceptionType).toBe("IllegalArgumentException");
  });
});

describe("#fromUrl and friends against a real server", () => {
  it("#fromUrl returns the body (func-111)", async () => {
    expect(await run(fromUrl, `${base}/text`)).toBe("hello from url");
  });

  it("#jsonFromUrl / #fromJsonFromUrl (func-113)", async () => {
    const v = (await run(jsonFromUrl, `${base}/json`)) as Record<string, unknown[]>;
    expect(v["regions"]![1]).toBe("eu-west-1");
    expect(toJacksonJson(await run(fromJsonFromUrl, `${base}/json`))).toBe('{"replicas":4,"regions":["us-east-1","eu-west-1"]}');
  });

  it("#yamlFromUrl", async () => {
    expect(toJacksonJson(await run(yamlFromUrl, `${base}/yaml`))).toBe('{"replicas":4,"regions":["us-east-1"]}');
  });

  it("#propertiesFromUrl (oracle p-0)", async () => {
    const v = (await run(propertiesFromUrl, `${base}/props`)) as Record<string, unknown>;
    expect({ ...v }).toEqual({ a: "1", b: "two", c: "spaced" });
  });

  it("decodes the declared charset", async () => {
    expect(await run(fromUrl, `${base}/latin1`)).toBe("café");
  });

  it("follows redirects that pass the restrictions", async () => {
    expect(await run(fromUrl, `${base}/redirect-ok`)).toBe("hello from url");
  });

  it("refuses redirects into restricted hosts", async () => {
    for (const path of ["/redirect-metadata", "/redirect-localhost"]) {
      const e = await failure(run(fromUrl, `${base}${path}`));
      expect(e.message).toBe(`#from(${base}${path}) failed`);
      expect(rootCause(e).exceptionType).toBe("IllegalArgumentException");
    }
  });

  it("times out", async () => {
    const e = await failure(run(fromUrl, `${base}/slow`));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    const cause = e.cause as UrlFetchError;
    expect(cause).toBeInstanceOf(UrlFetchError);
    expect(cause.kind).toBe("timeout");
  });

  it("caps the response size", async () => {
    for (const path of ["/big", "/big-chunked"]) {
      const cause = (await failure(run(fromUrl, `${base}${path}`))).cause as UrlFetchError;
      expect(cause.kind).toBe("too-large");
    }
  });

  it("treats non-2xx as failure", async () => {
    const e = await failure(run(fromUrl, `${base}/missing`));
    expect(e.message).toBe(`#from(${base}/missing) failed`);
    expect((e.cause as UrlFetchError).status).toBe(404);
  });

  it("retries once (5xx then success), and gives up after one retry", async () => {
    flaky = 0;
    expect(await run(fromUrl, `${base}/flaky`)).toBe("second time lucky");
    expect(flaky).toBe(2);
    flaky = 0;
    const noRetry = createUrlFetcher({ restrictions: allowLoopback, retries: 0 });
    expect(((await failure(run(fromUrl, `${base}/flaky`, noRetry))).cause as UrlFetchError).status).toBe(503);
    expect(((await failure(run(fromUrl, `${base}/always500`))).cause as UrlFetchError).status).toBe(500);
  });

  it("the default restrictions refuse the same loopback server", async () => {
    const strict = createUrlFetcher({ timeoutMs: 300 });
    const e = await failure(run(fromUrl, `${base}/text`, strict));
    expect(e.message).toBe(`#from(${base}/text) failed`);
    expect(rootCause(e).message).toBe("Verbatim IP addresses are not allowed");
    await expect(strict(`${base}/text`)).rejects.toThrow("Verbatim IP addresses are not allowed");
    for (const url of ["file:///etc/passwd", "http://169.254.169.254/", "http://127.0.0.1/", "http://localhost/"]) {
      const f = await failure(run(fromUrl, url, strict));
      expect(f.message).toBe(`#from(${url}) failed`);
    }
  });

  it("the DNS answer is checked at connect time", async () => {
    const rebinding = createUrlFetcher({ timeoutMs: 300, restrictions: { lookup: async () => ["127.0.0.1"] } });
    const e = await failure(rebinding(`http://rebind.example.com:${new URL(base).port}/text`));
    expect(e.message).toContain("restricted address");
  });

  it("a host-supplied fetchUrl still gets the restrictions, including DNS", async () => {
    let called = 0;
    const custom = async (): Promise<string> => {
      called++;
      return "custom";
    };
    expect((await failure(run(fromUrl, "http://127.0.0.1/x", custom))).message).toBe("#from(http://127.0.0.1/x) failed");
    expect((await failure(run(fromUrl, "http://localhost.localdomain.example.invalid/x", custom))).message).toContain("failed");
    expect(called).toBe(0);
  });

  it("without a fetchUrl service the helper fails clearly", async () => {
    const e = await failure(invokeAsync(fromUrl, createTestEnv(), "https://config.example.com/app.txt"));
    expect(rootCause(e).message).toContain("fetchUrl");
  });
});

describe("parseJavaProperties (java.util.Properties.load)", () => {
  it("matches the oracle (p-0, p-1)", () => {
    expect({ ...parseJavaProperties("a=1\nb=two\n# comment\nc : spaced") }).toEqual({ a: "1", b: "two", c: "spaced" });
    const p1 =
      "k v\n! bang\n  lead = x  \nmulti = one \\\n    two\\\n three\nesc=\\t\\n\\u0041\\z\\\\\nx\\ y=z\nempty\neq=a=b\ncolon:a:b\n\\#notcomment=1\ndup=1\ndup=2\nu=\\u00e9é\nk\\:e=v\nwin=1\r\nmac=2\rend\\";
    expect({ ...parseJavaProperties(p1) }).toEqual({
      "#notcomment": "1",
      k: "v",
      eq: "a=b",
      lead: "x  ",
      mac: "2",
      multi: "one twothree",
      empty: "",
      "x y": "z",
      esc: "\t\nAz\\",
      u: "\u00e9\u00c3\u00a9",
      "k:e": "v",
      colon: "a:b",
      end: "",
      win: "1",
      dup: "2",
    });
  });

  it("rejects malformed \\u escapes (oracle p-2)", () => {
    let err: (Error & { exceptionType?: string }) | undefined;
    try {
      parseJavaProperties("a=\\u00");
    } catch (e) {
      err = e as Error & { exceptionType?: string };
    }
    expect(err?.message).toBe("Malformed \\uxxxx encoding.");
    expect(err?.exceptionType).toBe("IllegalArgumentException");
  });
});
