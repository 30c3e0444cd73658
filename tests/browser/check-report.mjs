// Opens one review pack (`xla report`) in headless Chromium as a reader
// would and checks it against the settlement JSON of the same months.
//
//   node check-report.mjs REPORT.html SETTLEMENT_DIR SCREENSHOT_DIR NAME
//
// Fails (exit 1, with every problem listed) on a console error, a page
// error, any network request, a cover figure or chart table that differs
// from the settlement JSON, or a chart without a title, text alternative or
// table. Writes full-page screenshots at 1280 px and in print emulation,
// one per section, and the A4 and Letter PDFs into SCREENSHOT_DIR.

import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, settlementDir, shotDir, name] = process.argv.slice(2);
if (!report || !settlementDir || !shotDir || !name) {
  console.error("usage: node check-report.mjs REPORT.html SETTLEMENT_DIR SCREENSHOT_DIR NAME");
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });
const problems = [];
const problem = (text) => problems.push(text);

// The settlements, by month.
const settlements = new Map();
for (const file of readdirSync(settlementDir).sort()) {
  const m = /^settlement-(\d{4}-\d{2})\.json$/.exec(file);
  if (m) settlements.set(m[1], JSON.parse(readFileSync(join(settlementDir, file), "utf8")));
}
if (settlements.size === 0) {
  console.error(`no settlement-YYYY-MM.json in ${settlementDir}`);
  process.exit(2);
}

// Exact decimal sums of the JSON's decimal strings.
function scaled(text, places) {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const v = BigInt(whole + fraction.padEnd(places, "0"));
  return negative ? -v : v;
}
function sum(texts) {
  const places = Math.max(0, ...texts.map((t) => (t.split(".")[1] || "").length));
  const total = texts.reduce((acc, t) => acc + scaled(t, places), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(places + 1, "0");
  const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative ? `-${text}` : text;
}

const userDataDir = mkdtempSync(join(tmpdir(), "xla-report-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1280, height: 900 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const url = pathToFileURL(resolve(report)).href;
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problem(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (e) => problem(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (r.url() !== url) problem(`network request: ${r.method()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    if (r.url() !== url) problem(`failed request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });

  const facts = await page.evaluate(() => {
    const cells = (table) =>
      [...table.querySelectorAll("tbody tr")].map((tr) =>
        [...tr.children].map((c) => ({ text: c.textContent.trim(), value: c.getAttribute("data-value") })),
      );
    return {
      sections: [...document.querySelectorAll("main > section")].map((s) => s.id),
      netTotal: document.querySelector("[data-figure=net-total]")?.getAttribute("data-value"),
      ytdCredits: document.querySelector("[data-figure=ytd-credits]")?.getAttribute("data-value"),
      figures: [...document.querySelectorAll("figure.chart")].map((f) => ({
        id: f.id,
        tables: f.querySelectorAll("table").length,
        head: [...f.querySelectorAll("table thead th")].map((th) => th.textContent.trim()),
        rows: f.querySelector("table") ? cells(f.querySelector("table")) : [],
        charts: [...f.querySelectorAll("svg")].map((svg) => {
          const ids = (svg.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
          const texts = [...svg.querySelectorAll("text")].map((t) => t.textContent.trim());
          return {
            role: svg.getAttribute("role"),
            labels: ids.map((id) => document.getElementById(id)?.textContent.trim() || ""),
            texts,
            width: svg.getBoundingClientRect().width,
          };
        }),
      })),
      watermelon: [...document.querySelectorAll("#watermelon tfoot td[data-value]")].map((td) => td.getAttribute("data-value")),
      images: document.querySelectorAll("img, script, link, iframe, object, embed").length,
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
    };
  });

  const expectSections = ["cover", "watermelon", "clauses", "triangulation", "provenance"];
  if (facts.sections.join() !== expectSections.join()) problem(`sections ${facts.sections} (want ${expectSections})`);
  const seen = new Set();
  for (const id of facts.ids) {
    if (seen.has(id)) problem(`duplicate id ${id}`);
    seen.add(id);
  }
  if (facts.images !== 0) problem(`${facts.images} external-resource elements (img, script, link, …)`);
  const months = [...settlements.keys()];
  const json = [...settlements.values()];

  // The cover.
  const net = sum(json.map((s) => s.totals.net));
  if (facts.netTotal !== net) problem(`cover net payable ${facts.netTotal}, settlement JSON adds up to ${net}`);
  if (facts.ytdCredits === undefined || facts.ytdCredits === null) problem("cover: no year-to-date credits");

  // Every chart: a title and a text alternative, axis labels, one table.
  for (const f of facts.figures) {
    if (f.tables !== 1) problem(`${f.id}: ${f.tables} tables (want exactly one beside its chart)`);
    if (f.charts.length === 0) problem(`${f.id}: no chart`);
    for (const c of f.charts) {
      if (c.role !== "img" || c.labels.length !== 2 || c.labels.some((l) => l === ""))
        problem(`${f.id}: a chart without role=img, a title and a description`);
      if (!c.texts.includes("Month")) problem(`${f.id}: a chart without its x axis label`);
      if (c.width < 200) problem(`${f.id}: a chart drawn ${c.width}px wide`);
    }
    if (f.rows.length !== months.length) problem(`${f.id}: ${f.rows.length} rows for ${months.length} months`);
    f.rows.forEach((row, i) => {
      if (row[0]?.text !== months[i]) problem(`${f.id}: row ${i} is ${row[0]?.text}, want ${months[i]}`);
      for (const cell of row) {
        // A figure shown with thousands separators reads as its JSON value.
        if (cell.value && /^-?[\d,]+(\.\d+)?$/.test(cell.text) && cell.text.replaceAll(",", "") !== cell.value)
          problem(`${f.id} ${months[i]}: shows ${cell.text}, its value is ${cell.value}`);
      }
    });
  }
  const byId = new Map(facts.figures.map((f) => [f.id, f]));
  const money = byId.get("figure-money");
  if (!money) problem("no money chart on the cover");
  else
    money.rows.forEach((row, i) => {
      const t = json[i].totals;
      const want = [t.monthly_fee, t.credits, t.earnbacks, t.bonuses_and_gains, t.net];
      const got = row.slice(1, 6).map((c) => c.value);
      if (got.join() !== want.join()) problem(`money table ${months[i]}: ${got} (settlement: ${want})`);
    });
  for (const clause of json[0].clauses) {
    const f = byId.get(`figure-${clause.id}`);
    if (!f) {
      problem(`no chart for clause ${clause.id}`);
      continue;
    }
    f.rows.forEach((row, i) => {
      const c = json[i].clauses.find((x) => x.id === clause.id);
      const want = [c.value, c.status, c.credit, c.bonus];
      const got = [row[1].value, row[4].value, row[5].value, row[6].value];
      if (got.join() !== want.join()) problem(`clause ${clause.id} ${months[i]}: ${got} (settlement: ${want})`);
    });
  }
  for (const f of facts.figures.filter((f) => f.id.startsWith("figure-triangulation-"))) {
    const names = f.head.slice(1).map((h) => h.replace(/ \([^)]*\)$/, ""));
    f.rows.forEach((row, i) => {
      names.forEach((n, k) => {
        const metric = json[i].metrics.find((x) => x.name === n);
        if (!metric) problem(`${f.id}: no metric ${n} in the settlement`);
        else if (row[k + 1].value !== metric.value)
          problem(`${f.id} ${months[i]} ${n}: ${row[k + 1].value} (settlement: ${metric.value})`);
      });
    });
  }
  const flags = json.map((s) => String(s.flags.watermelon));
  if (facts.watermelon.join() !== flags.join()) problem(`watermelon flags ${facts.watermelon} (settlement: ${flags})`);

  // Screenshots: the page at 1280 px, in print emulation, and each section.
  await page.screenshot({ path: join(shotDir, `${name}-screen-1280.png`), fullPage: true });
  for (const id of expectSections) {
    await page.locator(`#${id}`).screenshot({ path: join(shotDir, `${name}-section-${id}.png`) });
  }
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: join(shotDir, `${name}-print.png`), fullPage: true });
  for (const format of ["A4", "Letter"]) {
    const pdf = await page.pdf({ format, printBackground: true });
    writeFileSync(join(shotDir, `${name}-${format.toLowerCase()}.pdf`), pdf);
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) || []).length;
    if (pages < expectSections.length) problem(`${format} PDF has ${pages} pages; each section should start a page`);
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`${name}: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`${name}: no console errors, no network requests, figures match the settlement JSON`);
