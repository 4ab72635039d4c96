// End-to-end test of the Conversation page in real headless Chromium against a running mesh:
// the fake microphone plays a real recording into WS /converse/stream.
//
//   node e2e/converse.e2e.mjs --base http://127.0.0.1:9000 --audio clip.wav [--key KEY] [--shot FILE] --out report.json
//
// Checks: the page shows a final transcript, the tutor's reply text, and that reply audio was
// scheduled (data-audio-chunks > 0); no console error. Writes a JSON report; exit 1 on failure.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: { base: { type: "string", default: "http://127.0.0.1:9000" }, audio: { type: "string" }, key: { type: "string", default: "" }, shot: { type: "string" }, out: { type: "string" } },
});
const base = args.base.replace(/\/$/, "");
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${args.audio}`, "--autoplay-policy=no-user-gesture-required"];
const report = { ok: false, checks: [], console_errors: [] };

function check(name, condition, detail = "") {
  report.checks.push({ name, ok: Boolean(condition), detail });
  if (!condition) throw new Error(`${name} failed ${detail}`);
  console.error(`ok - ${name}${detail ? ` (${detail})` : ""}`);
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: FLAGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (args.key) {
    const answer = await context.request.post(`${base}/auth/session`, { data: { api_key: args.key } });
    if (!answer.ok()) throw new Error(`sign-in failed: ${answer.status()}`);
  }
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && report.console_errors.push(m.text()));
  await page.goto(`${base}/#/converse`);
  await page.getByRole("button", { name: "Start" }).click();
  const transcript = page.locator(".turn .you").first();
  await page.locator(".turn .reply").filter({ hasText: /\S/ }).first().waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => Number(document.querySelector(".converse")?.dataset.audioChunks) > 0, null, { timeout: 30_000 });
  const you = (await transcript.innerText()).replace(/^You:\s*/, "");
  check("the page shows the transcript", you.trim().length > 3 && you.trim() !== "…", you);
  check("the page shows the reply text", (await page.locator(".turn .reply").first().innerText()).trim().length > 0);
  const chunks = Number(await page.locator(".converse").getAttribute("data-audio-chunks"));
  check("reply audio was scheduled", chunks > 0, `${chunks} chunk(s)`);
  if (args.shot) await page.screenshot({ path: args.shot, fullPage: true });
  await page.getByRole("button", { name: "Stop" }).click();
  check("no console error", report.console_errors.length === 0, report.console_errors.join("; "));
  report.ok = true;
} catch (error) {
  report.error = String(error);
} finally {
  await browser.close();
  if (args.out) writeFileSync(args.out, JSON.stringify(report));
  console.log(JSON.stringify(report));
  process.exit(report.ok ? 0 : 1);
}
