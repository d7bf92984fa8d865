import assert from "node:assert/strict";
import { DEFAULT_KEY_FILE, KEY_ENV, loadKey } from "../../lib/privacy/key.ts";
import { hmacSha256Hex } from "../../lib/privacy/pseudonymise.ts";
import { isInputError } from "../../lib/errors.ts";

const posix = Deno.build.os !== "windows";

Deno.test("the key file is generated once with owner-only permissions and reused", async () => {
  const dir = await Deno.makeTempDir();
  const keyFile = `${dir}/.segmentation-key`;
  const first = await loadKey({ env: "", keyFile });
  assert.equal(first.source, "generated");
  if (posix) assert.equal((await Deno.stat(keyFile)).mode! & 0o777, 0o600);
  const text = (await Deno.readTextFile(keyFile)).trim();
  assert.match(text, /^[0-9a-f]{64}$/);
  const second = await loadKey({ env: "", keyFile });
  assert.equal(second.source, "file");
  assert.equal(
    await hmacSha256Hex(first.key, "S1234567D"),
    await hmacSha256Hex(second.key, "S1234567D"),
  );
  assert.equal(await hmacSha256Hex(first.key, "x"), await hmacSha256Hex(text, "x"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a key file readable by others is refused", { ignore: !posix }, async () => {
  const dir = await Deno.makeTempDir();
  const keyFile = `${dir}/.segmentation-key`;
  await Deno.writeTextFile(keyFile, "f".repeat(64));
  await Deno.chmod(keyFile, 0o644);
  await assert.rejects(
    () => loadKey({ env: "", keyFile }),
    (e) => isInputError(e) && /readable by others/.test(e.message) && /chmod 600/.test(e.message),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the environment variable wins over the file and must be long enough", async () => {
  const name = "SEGMENTATION_KEY_TEST_ONLY";
  const dir = await Deno.makeTempDir();
  try {
    Deno.env.set(name, "a-secret-from-the-environment");
    const k = await loadKey({ env: name, keyFile: `${dir}/none` });
    assert.equal(k.source, "env");
    assert.equal(
      await hmacSha256Hex(k.key, "x"),
      await hmacSha256Hex("a-secret-from-the-environment", "x"),
    );
    await assert.rejects(() => Deno.stat(`${dir}/none`), "no file written when the env var is set");
    Deno.env.set(name, "short");
    await assert.rejects(() => loadKey({ env: name }), isInputError);
  } finally {
    Deno.env.delete(name);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without creation, a missing key file is an error; keys cannot be exported", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    () => loadKey({ env: "", keyFile: `${dir}/k`, create: false }),
    isInputError,
  );
  const { key } = await loadKey({ env: "", keyFile: `${dir}/k` });
  assert.equal(key.extractable, false);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the default key file is at the project root and git-ignored", async () => {
  assert.equal(KEY_ENV, "SEGMENTATION_KEY");
  assert.ok(DEFAULT_KEY_FILE.endsWith("/.segmentation-key"));
  const root = new URL("../../", import.meta.url).pathname;
  assert.equal(DEFAULT_KEY_FILE, `${root}.segmentation-key`);
  const ignore = await Deno.readTextFile(`${root}.gitignore`);
  assert.ok(ignore.split("\n").includes(".segmentation-key"));
});
