/**
 * The secret key behind pseudonyms. It comes from the `SEGMENTATION_KEY`
 * environment variable, or from a key file (`.segmentation-key` at the
 * project root, git-ignored) that is generated once with 32 random bytes and
 * owner-only permissions (0600). Whoever holds the key can recompute
 * pseudonyms from known identifiers, so it never goes into the repository,
 * a report or a log; this module never returns or prints it.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.ts";

/** The environment variable holding the key. */
export const KEY_ENV = "SEGMENTATION_KEY";

/** The default key file: `.segmentation-key` at the project root. */
export const DEFAULT_KEY_FILE = fileURLToPath(new URL("../../.segmentation-key", import.meta.url));

/** Options for {@link loadKey}. */
export interface LoadKeyOptions {
  /** Environment variable to read (default `SEGMENTATION_KEY`); "" to skip the environment. */
  env?: string;
  /** Key file (default `.segmentation-key` at the project root). */
  keyFile?: string;
  /** Generate the key file when it does not exist (default true). */
  create?: boolean;
}

/** A loaded key: the non-extractable HMAC key and where it came from (never the key itself). */
export interface SecretKey {
  key: CryptoKey;
  source: "env" | "file" | "generated";
  /** The key file, when the key came from one. */
  path?: string;
}

const MIN_SECRET_LENGTH = 16;

/**
 * Import secret text or bytes as a non-extractable HMAC-SHA-256 key.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importHmacKey } from "./key.ts";
 * const key = await importHmacKey("a long enough secret");
 * equal(key.algorithm.name, "HMAC");
 * ```
 */
export async function importHmacKey(secret: string | Uint8Array): Promise<CryptoKey> {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  return await crypto.subtle.importKey(
    "raw",
    bytes as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

/**
 * Load the pseudonymisation key from the environment, else from the key
 * file, generating that file (mode 0600) the first time.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { loadKey } from "./key.ts";
 * const keyFile = (await Deno.makeTempDir()) + "/.segmentation-key";
 * const { source } = await loadKey({ env: "", keyFile });
 * equal(source, "generated");
 * ```
 */
export async function loadKey(options: LoadKeyOptions = {}): Promise<SecretKey> {
  const envName = options.env ?? KEY_ENV;
  if (envName !== "") {
    const secret = Deno.env.get(envName);
    if (secret !== undefined && secret !== "") {
      if (secret.length < MIN_SECRET_LENGTH) {
        throw new InputError(`Key in ${envName} is too short: ${secret.length} characters`, {
          hint:
            `use at least ${MIN_SECRET_LENGTH} random characters, e.g. from "openssl rand -hex 32"`,
        });
      }
      return { key: await importHmacKey(secret), source: "env" };
    }
  }
  const path = options.keyFile ?? DEFAULT_KEY_FILE;
  let text: string | undefined;
  let source: SecretKey["source"] = "file";
  try {
    text = await readKeyFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    if (options.create === false) {
      throw new InputError("Key file not found", {
        file: path,
        hint: `set ${envName || KEY_ENV} or create the key file`,
      });
    }
    text = await createKeyFile(path);
    source = "generated";
  }
  return { key: await importHmacKey(text), source, path };
}

async function readKeyFile(path: string): Promise<string> {
  const info = await Deno.stat(path);
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    throw new InputError(
      `Key file is readable by others: mode ${(info.mode & 0o777).toString(8)}`,
      { file: path, hint: `restrict it with "chmod 600 ${path}"` },
    );
  }
  const text = (await Deno.readTextFile(path)).trim();
  if (text.length < MIN_SECRET_LENGTH) {
    throw new InputError("Key file is too short", {
      file: path,
      hint: "delete it to have a new key generated (old pseudonyms will no longer match)",
    });
  }
  return text;
}

async function createKeyFile(path: string): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const text = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  try {
    await Deno.writeTextFile(path, text + "\n", { mode: 0o600, createNew: true });
  } catch (error) {
    // Another process created it first: use theirs.
    if (error instanceof Deno.errors.AlreadyExists) return await readKeyFile(path);
    throw error;
  }
  if (Deno.build.os !== "windows") await Deno.chmod(path, 0o600);
  return text;
}
