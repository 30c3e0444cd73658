// Takes the pictures of docs/report.md: the top of each section of a review
// pack at a reading width, small enough to commit (compress them with
// `pngquant` afterwards).
//
//   node doc-screenshots.mjs REPORT.html OUT_DIR
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, out] = process.argv.slice(2);
const userDataDir = mkdtempSync(join(tmpdir(), "xla-doc-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 1200, height: 900 },
  deviceScaleFactor: 0.75,
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(pathToFileURL(resolve(report)).href);
  for (const [id, height] of [["cover", 980], ["watermelon", 520], ["clauses", 1000], ["triangulation", 1000], ["provenance", 560]]) {
    const box = await page.locator(`#${id}`).boundingBox();
    await page.screenshot({
      path: join(out, `report-${id}.png`),
      clip: { x: box.x, y: box.y, width: Math.min(box.width, 1180), height: Math.min(box.height, height) },
      fullPage: true,
    });
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
