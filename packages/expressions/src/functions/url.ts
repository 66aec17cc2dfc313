/**
 * The URL helpers (`#fromUrl`, `#jsonFromUrl`, `#yamlFromUrl`, `#propertiesFromUrl`) with Orca's
 * default `UserConfiguredUrlRestrictions`, and an undici-based fetcher with a timeout, one retry, a
 * response size cap and redirects re-checked against the restrictions.
 * @module
 */
import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { networkInterfaces } from "node:os";
import { Agent, request } from "undici";
import { javaToString } from "../values/format.js";
import { defineFunction, PendingWork, type ExpressionFunction, type FunctionEnv } from "./function.js";
import { readJsonText } from "./json.js";
import { helperError, javaException, newMap, str } from "./support.js";
import { javaUtf8 } from "./strings.js";
import { readYamlText } from "./yaml.js";

/** The URL restrictions (Orca's `UserConfiguredUrlRestrictions`; defaults are Orca's defaults). */
export interface UrlRestrictionOptions {
  /** Allowed schemes; default `http`, `https`. */
  readonly allowedSchemes?: readonly string[];
  /** Hostnames must match this; default Orca's `.*\..+` (a dot is required). */
  readonly allowedHostnamesRegex?: RegExp;
  /** Rejected domain suffixes; default `spinnaker`, `local`, `localdomain`, `internal`. */
  readonly rejectedDomains?: readonly string[];
  /** Reject IP literals as hosts; default true. */
  readonly rejectVerbatimIps?: boolean;
  /** Reject `localhost`, loopback and this machine's interface addresses; default true. */
  readonly rejectLocalhost?: boolean;
  /** Reject link-local addresses (169.254/16, fe80::/10, cloud metadata); default true. */
  readonly rejectLinkLocal?: boolean;
  /** Reject private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7); default true (a Gennaker addition). */
  readonly rejectPrivateIps?: boolean;
  /** Further rejected address ranges in CIDR notation (`203.0.113.0/24`). */
  readonly rejectedIpRanges?: readonly string[];
  /** Hostnames (or IP literals) exempt from every host and address check, e.g. `127.0.0.1` in tests. */
  readonly allowedHosts?: readonly string[];
  /** Resolves a hostname to its addresses; default `node:dns` `lookup` (all addresses). */
  readonly lookup?: (hostname: string) => Promise<readonly string[]>;
}

const DEFAULT_DOMAINS = ["spinnaker", "local", "localdomain", "internal"];

function illegal(message: string): Error {
  return javaException("IllegalArgumentException", message);
}

function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

function isAllowedHost(host: string, o: UrlRestrictionOptions): boolean {
  return (o.allowedHosts ?? []).some((h) => h.replace(/^\[|\]$/g, "").toLowerCase() === host);
}

/**
 * Checks a URL against the restrictions without DNS: absolute `http`/`https`, a host, no IP
 * literal, not `localhost`, a dot in the host, no rejected domain. Returns the parsed URL; throws
 * `IllegalArgumentException` with Orca's messages.
 */
export function validateUrl(url: string, options: UrlRestrictionOptions = {}): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw illegal(`non absolute URI ${url}`);
  }
  const scheme = u.protocol.replace(/:$/, "").toLowerCase();
  if (!(options.allowedSchemes ?? ["http", "https"]).includes(scheme)) throw illegal(`unsupported URI scheme ${url}`);
  const host = hostOf(u);
  if (host === "") throw illegal(`Unable to determine host for the url provided ${url}`);
  if (isAllowedHost(host, options)) return u;
  if ((options.rejectVerbatimIps ?? true) && (isIP(host) !== 0 || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(":"))) {
    throw illegal("Verbatim IP addresses are not allowed");
  }
  if ((options.rejectLocalhost ?? true) && (host === "localhost" || host.endsWith(".localhost"))) {
    throw illegal(`Host not allowed: ${host}`);
  }
  if (!(options.allowedHostnamesRegex ?? /^.*\..+$/).test(host)) throw illegal(`Host not allowed: ${host}`);
  for (const d of options.rejectedDomains ?? DEFAULT_DOMAINS) {
    if (host.endsWith("." + d.toLowerCase())) throw illegal(`Host not allowed: ${host}`);
  }
  if (isIP(host) !== 0) checkAddress(host, options);
  return u;
}

function blockList(o: UrlRestrictionOptions): BlockList {
  const b = new BlockList();
  if (o.rejectLocalhost ?? true) {
    b.addSubnet("127.0.0.0", 8, "ipv4");
    b.addSubnet("0.0.0.0", 8, "ipv4");
    b.addAddress("::1", "ipv6");
    b.addAddress("::", "ipv6");
  }
  if (o.rejectLinkLocal ?? true) {
    b.addSubnet("169.254.0.0", 16, "ipv4");
    b.addSubnet("fe80::", 10, "ipv6");
  }
  if (o.rejectPrivateIps ?? true) {
    b.addSubnet("10.0.0.0", 8, "ipv4");
    b.addSubnet("172.16.0.0", 12, "ipv4");
    b.addSubnet("192.168.0.0", 16, "ipv4");
    b.addSubnet("100.64.0.0", 10, "ipv4");
    b.addSubnet("fc00::", 7, "ipv6");
  }
  for (const r of o.rejectedIpRanges ?? []) {
    const [addr, bits] = r.split("/");
    const type = isIP(addr ?? "") === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) b.addAddress(addr!, type);
    else b.addSubnet(addr!, Number(bits), type);
  }
  return b;
}

function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.toLowerCase());
  return out;
}

/** Throws when a resolved address is in a rejected range (loopback, link-local, private, this machine). */
function checkAddress(address: string, o: UrlRestrictionOptions, host = address): void {
  let a = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  const type = isIP(a) === 6 ? "ipv6" : "ipv4";
  if (blockList(o).check(a, type) || ((o.rejectLocalhost ?? true) && localAddresses().has(a))) {
    throw illegal(`Host not allowed: ${host} resolves to a restricted address`);
  }
}

function defaultLookup(hostname: string): Promise<readonly string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addrs) => (err ? reject(err) : resolve(addrs.map((x) => x.address))));
  });
}

/**
 * {@link validateUrl} plus DNS: every address the host resolves to must be outside the rejected
 * ranges. Resolves to the parsed URL.
 */
export async function validateUrlResolved(url: string, options: UrlRestrictionOptions = {}): Promise<URL> {
  const u = validateUrl(url, options);
  const host = hostOf(u);
  if (isAllowedHost(host, options) || isIP(host) !== 0) return u;
  let addrs: readonly string[];
  try {
    addrs = await (options.lookup ?? defaultLookup)(host);
  } catch (e) {
    throw javaException("UnknownHostException", `${host}: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const a of addrs) checkAddress(a, options, host);
  return u;
}

/** Why a fetch failed. */
export type UrlFetchFailure = "timeout" | "too-large" | "status" | "network" | "redirect";

/** A failed URL fetch (non-2xx status, timeout, size cap, network error, redirect loop). */
export class UrlFetchError extends Error {
  override readonly name = "UrlFetchError";
  /** The Java exception class Orca would report. */
  readonly exceptionType: string;
  constructor(
    message: string,
    /** What went wrong. */
    readonly kind: UrlFetchFailure,
    /** The HTTP status, for `status` failures. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.exceptionType = kind === "timeout" ? "SocketTimeoutException" : kind === "status" ? "HttpException" : "IOException";
  }
}

/** Options for {@link createUrlFetcher}. */
export interface UrlFetcherOptions {
  /** The restrictions every URL and every redirect target must pass (default Orca's). */
  readonly restrictions?: UrlRestrictionOptions;
  /** Time limit per attempt (connect, headers and body) in ms; default 30 000. */
  readonly timeoutMs?: number;
  /** Maximum response body size in bytes; default 1 MiB. */
  readonly maxBytes?: number;
  /** Retries after a network error, timeout or 5xx; default 1 (as Orca). */
  readonly retries?: number;
  /** Redirects followed (each re-validated); default 5. */
  readonly maxRedirects?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

const RESTRICTIONS = Symbol.for("gennaker.expressions.urlRestrictions");

/** A `fetchUrl` service made by {@link createUrlFetcher}; it carries its restrictions. */
export interface UrlFetcher {
  (url: string): Promise<string>;
  /** The restrictions this fetcher enforces (the URL helpers validate with them too). */
  readonly [RESTRICTIONS]: UrlRestrictionOptions;
}

function charsetOf(contentType: unknown): string {
  const m = /charset=([^;]+)/i.exec(typeof contentType === "string" ? contentType : "");
  const c = m?.[1]?.trim().replace(/^"|"$/g, "").toLowerCase();
  try {
    if (c) return new TextDecoder(c).encoding;
  } catch {
    // unknown charset: UTF-8 as OkHttp does
  }
  return "utf-8";
}

/**
 * Creates a `fetchUrl` host service with Orca's behaviour: GET with a timeout (default 30 s), one
 * retry on network errors, timeouts and 5xx, a body size cap (default 1 MiB), non-2xx as errors,
 * redirects followed only to URLs that pass the restrictions, and every DNS answer checked at
 * connect time (no rebinding between check and connect).
 */
export function createUrlFetcher(options: UrlFetcherOptions = {}): UrlFetcher {
  const restrictions = options.restrictions ?? {};
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const retries = options.retries ?? 1;
  const maxRedirects = options.maxRedirects ?? 5;
  const guardedLookup: LookupFunction = (hostname, opts, callback) => {
    const host = hostname.toLowerCase();
    const lookupFn = restrictions.lookup ?? defaultLookup;
    lookupFn(hostname).then(
      (addrs) => {
        try {
          if (!isAllowedHost(host, restrictions)) for (const a of addrs) checkAddress(a, restrictions, hostname);
        } catch (e) {
          callback(e as NodeJS.ErrnoException, "", 4);
          return;
        }
        const list = addrs.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
        if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof list) => void)(null, list);
        else callback(null, list[0]?.address ?? "", list[0]?.family ?? 4);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 4),
    );
  };
  const dispatcher = new Agent({ connect: { lookup: guardedLookup } as Record<string, unknown> });

  async function attempt(u: URL): Promise<{ redirect?: string; body?: string }> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      const res = await request(u, {
        method: "GET",
        dispatcher,
        signal: ac.signal,
        headers: { accept: "*/*", ...options.headers },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      if (res.statusCode >= 300 && res.statusCode < 400 && res.headers["location"] !== undefined) {
        await res.body.dump();
        const loc = res.headers["location"];
        return { redirect: new URL(Array.isArray(loc) ? (loc[0] ?? "") : String(loc), u).toString() };
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump();
        throw new UrlFetchError(`HTTP ${res.statusCode} from ${u.toString()}`, "status", res.statusCode);
      }
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.body.on("error", () => undefined);
        res.body.destroy();
        throw new UrlFetchError(`response from ${u.toString()} exceeds ${maxBytes} bytes`, "too-large");
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        total += b.length;
        if (total > maxBytes) {
          res.body.on("error", () => undefined);
          res.body.destroy();
          throw new UrlFetchError(`response from ${u.toString()} exceeds ${maxBytes} bytes`, "too-large");
        }
        chunks.push(b);
      }
      return { body: new TextDecoder(charsetOf(res.headers["content-type"])).decode(Buffer.concat(chunks)) };
    } catch (e) {
      if (e instanceof UrlFetchError) throw e;
      if (ac.signal.aborted || (e instanceof Error && /timeout/i.test(e.name + e.message))) {
        throw new UrlFetchError(`timeout after ${timeoutMs} ms fetching ${u.toString()}`, "timeout", undefined, { cause: e });
      }
      if (e instanceof Error && (e as { exceptionType?: string }).exceptionType === "IllegalArgumentException") throw e;
      const cause = e instanceof Error && e.cause instanceof Error && (e.cause as { exceptionType?: string }).exceptionType ? e.cause : e;
      if (cause instanceof Error && (cause as { exceptionType?: string }).exceptionType === "IllegalArgumentException") throw cause;
      throw new UrlFetchError(`failed to fetch ${u.toString()}: ${e instanceof Error ? e.message : String(e)}`, "network", undefined, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  const retryable = (e: unknown): boolean =>
    e instanceof UrlFetchError && (e.kind === "network" || e.kind === "timeout" || (e.kind === "status" && (e.status ?? 0) >= 500));

  const fetcher = async (url: string): Promise<string> => {
    let u = validateUrl(url, restrictions);
    for (let hop = 0; ; hop++) {
      let result: { redirect?: string; body?: string } | undefined;
      for (let i = 0; ; i++) {
        try {
          result = await attempt(u);
          break;
        } catch (e) {
          if (i >= retries || !retryable(e)) throw e;
        }
      }
      if (result.redirect === undefined) return result.body ?? "";
      if (hop >= maxRedirects) throw new UrlFetchError(`too many redirects fetching ${url}`, "redirect");
      u = validateUrl(result.redirect, restrictions);
    }
  };
  return Object.assign(fetcher, { [RESTRICTIONS]: restrictions }) as UrlFetcher;
}

/** The restrictions the helpers apply before calling `services.fetchUrl`. */
function restrictionsOf(env: FunctionEnv): UrlRestrictionOptions {
  const f = env.services.fetchUrl as Partial<UrlFetcher> | undefined;
  return f?.[RESTRICTIONS] ?? {};
}

/** Orca's `fromUrl`: validate, fetch (through `env.resolve`), wrap failures as `#from(<url>) failed`. */
function fetchText(env: FunctionEnv, urlArg: unknown): string {
  const url = str(urlArg);
  try {
    if (url === null) throw javaException("NullPointerException", 'Cannot invoke "String.length()" because "this.input" is null');
    const restrictions = restrictionsOf(env);
    validateUrl(url, restrictions);
    const fetchUrl = env.services.fetchUrl;
    if (!fetchUrl) throw javaException("IllegalStateException", "no fetchUrl host service is configured (see createUrlFetcher)");
    const fromOurFetcher = RESTRICTIONS in fetchUrl;
    return env.resolve("url:" + url, async () => {
      if (!fromOurFetcher) await validateUrlResolved(url, restrictions);
      return fetchUrl(url);
    });
  } catch (e) {
    if (e instanceof PendingWork) throw e;
    throw helperError(`#from(${javaToString(url)}) failed`, e);
  }
}

/** `#fromUrl(String url)`: the body of an HTTP GET, after the URL restrictions. */
export const fromUrl: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The text of a URL (HTTP GET; restricted hosts are refused)",
  invoke: fetchText,
});

function jsonFromUrlImpl(env: FunctionEnv, url: unknown): unknown {
  return readJsonText(fetchText(env, url));
}

/** `#jsonFromUrl(String url)`: `#readJson(#fromUrl(url))`. */
export const jsonFromUrl: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "JSON read from a URL (List or Map)",
  invoke: jsonFromUrlImpl,
});

/** `#fromJsonFromUrl(String url)`: alias of `#jsonFromUrl` (seen in Spinnaker talks and docs). */
export const fromJsonFromUrl: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Alias of #jsonFromUrl",
  invoke: jsonFromUrlImpl,
});

/** `#yamlFromUrl(String url)`: `#readYaml(#fromUrl(url))`. */
export const yamlFromUrl: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "YAML read from a URL",
  invoke(env, url) {
    const text = fetchText(env, url);
    try {
      return readYamlText(text);
    } catch (e) {
      throw helperError(`#readYaml(${text}) failed`, e);
    }
  },
});

// ------------------------------------------------------------------ java.util.Properties

function isWs(c: string): boolean {
  return c === " " || c === "\t" || c === "\f";
}

/** Java's `Properties.loadConvert`: `\t \n \r \f`, `\uXXXX`, any other escaped char stands for itself. */
function loadConvert(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s.charAt(i++);
    if (c !== "\\") {
      out += c;
      continue;
    }
    if (i >= s.length) break;
    const e = s.charAt(i++);
    if (e === "u") {
      const hex = s.slice(i, i + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw illegal("Malformed \\uxxxx encoding.");
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else out += e === "t" ? "\t" : e === "r" ? "\r" : e === "n" ? "\n" : e === "f" ? "\f" : e;
  }
  return out;
}

/** Java's `Properties.LineReader`: logical lines (continuations joined, comments and blanks dropped). */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let buf = "";
  let skipWhiteSpace = true;
  let appendedLineBegin = false;
  let isNewLine = true;
  let isCommentLine = false;
  let precedingBackslash = false;
  let skipLF = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (skipLF) {
      skipLF = false;
      if (c === "\n") continue;
    }
    if (skipWhiteSpace) {
      if (isWs(c)) continue;
      if (!appendedLineBegin && (c === "\r" || c === "\n")) continue;
      skipWhiteSpace = false;
      appendedLineBegin = false;
    }
    if (isNewLine) {
      isNewLine = false;
      if (c === "#" || c === "!") isCommentLine = true;
    }
    if (c !== "\n" && c !== "\r") {
      if (!isCommentLine) buf += c;
      precedingBackslash = c === "\\" ? !precedingBackslash : false;
      continue;
    }
    if (isCommentLine || buf.length === 0) {
      isCommentLine = false;
      isNewLine = true;
      skipWhiteSpace = true;
      precedingBackslash = false;
      buf = "";
      continue;
    }
    if (precedingBackslash) {
      buf = buf.slice(0, -1);
      skipWhiteSpace = true;
      appendedLineBegin = true;
      precedingBackslash = false;
      if (c === "\r") skipLF = true;
    } else {
      lines.push(buf);
      buf = "";
      isNewLine = true;
      skipWhiteSpace = true;
    }
  }
  if (buf.length > 0 && !isCommentLine) lines.push(precedingBackslash ? buf.slice(0, -1) : buf);
  return lines;
}

/**
 * Parses Java `.properties` text as `Properties.load(InputStream)` does (`key=value`, `key: value`,
 * `key value`, `#`/`!` comments, `\` continuations, escapes). As in Orca the text's UTF-8 bytes are
 * read as ISO-8859-1. All values are strings.
 */
export function parseJavaProperties(text: string): Record<string, unknown> {
  const latin1 = javaUtf8(text).toString("latin1");
  const out = newMap();
  for (const line of logicalLines(latin1)) {
    let keyLen = 0;
    let valueStart = line.length;
    let hasSep = false;
    let backslash = false;
    while (keyLen < line.length) {
      const c = line.charAt(keyLen);
      if ((c === "=" || c === ":") && !backslash) {
        valueStart = keyLen + 1;
        hasSep = true;
        break;
      }
      if (isWs(c) && !backslash) {
        valueStart = keyLen + 1;
        break;
      }
      backslash = c === "\\" ? !backslash : false;
      keyLen++;
    }
    while (valueStart < line.length) {
      const c = line.charAt(valueStart);
      if (!isWs(c)) {
        if (!hasSep && (c === "=" || c === ":")) hasSep = true;
        else break;
      }
      valueStart++;
    }
    out[loadConvert(line.slice(0, keyLen))] = loadConvert(line.slice(valueStart));
  }
  return out;
}

/** `#propertiesFromUrl(String url)`: a Java `.properties` document read from a URL, as a Map. */
export const propertiesFromUrl: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Java .properties read from a URL (values are Strings)",
  invoke(env, url) {
    try {
      return parseJavaProperties(fetchText(env, url));
    } catch (e) {
      if (e instanceof PendingWork) throw e;
      throw helperError(`#propertiesFromUrl(${javaToString(url)}) failed`, e);
    }
  },
});
