//! The review pack of `xla report` (`src/report/html`): its structure
//! (sections, headings, figures and table shapes; snapshot, not bytes),
//! byte-identical output for the same inputs, escaping of every string that
//! comes from the contract or the data, and the cover's money figures,
//! worked out by hand. Also the standing figures the monthly Markdown
//! report shares with it (caps applied, year to date, open credits).

use std::fs;
use std::path::Path;
use std::process::Command;
use xla::check::{check_file, RealFs};
use xla::eval::{self, Period};
use xla::report::{review_html, settlement_markdown, ContractFiles, Inputs};
use xla::settle::settle;

/// Checks, evaluates, settles and renders the review of `from..=through`
/// (or, with `markdown`, the Markdown report of `through`).
fn render(contract: &Path, data: &Path, from: &str, through: &str, markdown: bool) -> String {
    let checked = check_file(contract, &RealFs).expect("readable contract");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let sources = checked.sources.clone();
    let program = checked.program.expect("a program");
    let (from, through): (Period, Period) = (from.parse().unwrap(), through.parse().unwrap());
    let evaluation = eval::evaluate(&program, data, through, &mut |_: &str, _: u64| {}).expect("the data loads");
    let settlement = settle(&evaluation).expect("settles");
    let files = ContractFiles::new(&sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    if markdown {
        settlement_markdown(inputs, inputs.month_index(through).expect("settled"))
    } else {
        review_html(inputs, from, through).expect("renders")
    }
}

fn review(contract: &Path, data: &Path, from: &str, through: &str) -> String {
    render(contract, data, from, through, false)
}

/// The outline of an HTML document: sections and articles by id, headings,
/// figures with their charts, tables with their caption and shape.
fn outline(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut depth = 0usize;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("tags close");
        let tag = &rest[..end];
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        let id = tag.split("id=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("");
        let indent = "  ".repeat(depth);
        match name.as_str() {
            "section" | "article" | "figure" => {
                out.push_str(&format!("{indent}{name} #{id}\n"));
                depth += 1;
            }
            "/section" | "/article" | "/figure" => depth = depth.saturating_sub(1),
            "h1" | "h2" | "h3" | "h4" => {
                let close = rest.find(&format!("</{name}>")).expect("heading closes");
                out.push_str(&format!("{indent}{name} {}\n", text(&rest[end + 1..close])));
            }
            "svg" => {
                let title = rest.split("<title").nth(1).and_then(|s| s.split('>').nth(1)).unwrap_or("");
                out.push_str(&format!("{indent}chart: {}\n", title.trim_end_matches("</title")));
            }
            "table" => {
                let close = rest.find("</table>").expect("table closes");
                let table = &rest[..close];
                let caption = table.split("<caption>").nth(1).and_then(|s| s.split("</caption>").next()).unwrap_or("");
                let part =
                    |p: &str| table.split(&format!("<{p}>")).nth(1).and_then(|s| s.split(&format!("</{p}>")).next());
                let rows = |p: &str| part(p).map_or(0, |s| s.matches("<tr>").count());
                let columns = part("thead").map_or(0, |s| s.matches("<th ").count());
                out.push_str(&format!(
                    "{indent}table \"{}\": {columns} columns, {} rows, {} footer rows\n",
                    text(caption),
                    rows("tbody"),
                    rows("tfoot")
                ));
            }
            _ => {}
        }
    }
    out
}

/// The text of an HTML fragment, tags dropped.
fn text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn acme() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    review(&root.join("contract.xla"), &root.join("data"), "2026-01", "2026-12")
}

#[test]
fn acme_review_has_every_section_figure_and_table() {
    insta::assert_snapshot!("acme_review_outline", outline(&acme()));
}

/// Every example that ships its data renders a pack with all five sections
/// over its first year (the ServiceNow one, whose data lives outside the
/// repository, is rendered by `tests/report_browser.rs`).
#[test]
fn every_example_with_data_has_a_review_pack() {
    let pattern = format!("{}/examples/*/data", env!("CARGO_MANIFEST_DIR"));
    let mut rendered = 0;
    for data in glob::glob(&pattern).expect("a valid glob").flatten() {
        let root = data.parent().expect("an example directory");
        let checked = check_file(&root.join("contract.xla"), &RealFs).expect("readable contract");
        let start = checked.program.as_ref().expect("a program").contract.start;
        let from = Period::of(start);
        let html = review(&root.join("contract.xla"), &data, &from.to_string(), &from.plus(11).to_string());
        for id in ["cover", "watermelon", "clauses", "triangulation", "provenance"] {
            assert!(html.contains(&format!("<section id=\"{id}\">")), "{}: no {id} section", root.display());
        }
        rendered += 1;
    }
    assert!(rendered >= 1, "no example with a data directory under examples/");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    assert_eq!(acme(), acme());
}

/// A contract whose figures are worked out by hand: fee 10,000.00 EUR,
/// monthly cap 10% = 1,000.00, annual cap 1.5% of 12 fees = 1,800.00.
/// `fast` has an allocation of 100% of the amount at risk and earns back
/// after 2 consecutive met months.
///
/// | month | tickets ok | on_time | status | credit                          | net       |
/// |-------|------------|---------|--------|---------------------------------|-----------|
/// | Jan   | 1 of 2     | 50%     | failed | 1,000.00                        | 9,000.00  |
/// | Feb   | 0 of 1     | 0%      | failed | 1,000.00 → 800.00 (annual cap)  | 9,200.00  |
/// | Mar   | 1 of 1     | 100%    | met    | 0                               | 10,000.00 |
///
/// Through March: net 28,200.00; year-to-date credits 1,800.00, so the
/// annual cap has 0.00 left; Jan's 1,000.00 and Feb's 800.00 are still
/// open to earnback (one met month so far of the two needed).
///
/// The gain `spare` is (tickets − 2) × 100.00 EUR: 0 in January, −100.00
/// in February and March, which pays 0 (never a charge).
const CONTRACT: &str = r#"
contract "Esc <b>&amp; Co</b>" {
  client      "Client <script>alert(1)</script>"
  provider    "Provider & 'Sons'"
  start       2026-01-01
  end         2026-12-31
  timezone    "UTC"
  currency    EUR
  monthly_fee 10000.00 EUR
  at_risk     10%
  annual_cap  1.5%
  gain_cap    2%
}

dataset tickets from csv "tickets/*.csv" {
  id     text      = "id"
  ok     bool      = "ok"
  closed timestamp = "closed"
  period by closed
  reject up to 50%
}

metric on_time = percent(tickets meeting ok)

sla fast "Fast <fix> & \"done\"" {
  metric     on_time
  target     >= 90%
  allocation 100%
  earnback after 2 consecutive months met
}

gain spare {
  value (count(tickets) - 2) * 100.00 EUR
  share 50%
}
"#;

/// One file a month; January's third row is rejected (`<img>` is not a bool).
const TICKETS: [(&str, &str); 3] = [
    ("jan.csv", "id,ok,closed\nT<1>,true,2026-01-05T10:00:00Z\nT2,false,2026-01-06T10:00:00Z\nT<x>,<img>,2026-01-07T10:00:00Z\n"),
    ("feb.csv", "id,ok,closed\nT3,false,2026-02-03T10:00:00Z\n"),
    ("mar.csv", "id,ok,closed\nT4,true,2026-03-03T10:00:00Z\n"),
];

fn write_hand_worked(dir: &Path) {
    fs::write(dir.join("contract.xla"), CONTRACT).unwrap();
    fs::create_dir_all(dir.join("data/tickets")).unwrap();
    for (name, text) in TICKETS {
        fs::write(dir.join("data/tickets").join(name), text).unwrap();
    }
}

fn hand_worked(dir: &Path) -> String {
    write_hand_worked(dir);
    review(&dir.join("contract.xla"), &dir.join("data"), "2026-01", "2026-03")
}

fn hand_worked_markdown(dir: &Path, month: &str) -> String {
    write_hand_worked(dir);
    render(&dir.join("contract.xla"), &dir.join("data"), month, month, true)
}

#[test]
fn the_markdown_report_says_which_cap_scaled_the_credits() {
    let dir = tempfile::tempdir().unwrap();
    let january = hand_worked_markdown(dir.path(), "2026-01");
    assert!(!january.contains("### Caps applied"), "no cap scaled January:\n{january}");
    let february = hand_worked_markdown(dir.path(), "2026-02");
    assert!(february.contains("The **annual cap** scaled them again from 1,000.00 EUR to 800.00 EUR"), "{february}");
    assert!(!february.contains("**monthly cap**"), "1,000.00 is within the monthly cap:\n{february}");
    assert!(february.contains("| Service credits | 1,800.00 |"), "year to date:\n{february}");
    assert!(february.contains("| **Annual cap left** | **0.00** |"), "{february}");
    assert!(february
        .contains("| Clause | Kind | Value | Volume | Target | Minimum | Status | Credit (EUR) | Bonus (EUR) |"));
}

/// The same contract with `annual_cap 1800.00 EUR rolling`: through
/// March the 12 months ending with it hold the same 1,800.00 of credits,
/// so nothing is left; the report says the cap rolls.
#[test]
fn a_rolling_annual_cap_is_named_and_counted_over_twelve_months() {
    let dir = tempfile::tempdir().unwrap();
    write_hand_worked(dir.path());
    let rolling = CONTRACT.replace("annual_cap  1.5%", "annual_cap  1800.00 EUR rolling");
    assert_ne!(rolling, CONTRACT);
    fs::write(dir.path().join("contract.xla"), rolling).unwrap();
    let march = render(&dir.path().join("contract.xla"), &dir.path().join("data"), "2026-03", "2026-03", true);
    assert!(march.contains("The annual cap (1,800.00 EUR, rolling over any 12 consecutive months)"), "{march}");
    assert!(march.contains("| **Annual cap left** | **0.00** |"), "{march}");
    let html = render(&dir.path().join("contract.xla"), &dir.path().join("data"), "2026-01", "2026-02", false);
    assert!(html.contains("data-figure=\"annual-headroom\" data-value=\"0.00\""), "after February nothing is left");
    let january = render(&dir.path().join("contract.xla"), &dir.path().join("data"), "2026-01", "2026-01", false);
    assert!(january.contains("data-figure=\"annual-headroom\" data-value=\"800.00\""), "after January 800.00 is left");
}

#[test]
fn the_markdown_report_lists_open_credits_negative_gains_and_only_files_with_rows() {
    let dir = tempfile::tempdir().unwrap();
    let march = hand_worked_markdown(dir.path(), "2026-03");
    assert!(
        march.contains("| fast — Fast \\<fix\\> \\& \"done\" | 2026-01 | 1,000.00 | 2 consecutive months met | 1 |"),
        "{march}"
    );
    assert!(
        march.contains("| fast — Fast \\<fix\\> \\& \"done\" | 2026-02 | 800.00 | 2 consecutive months met | 1 |"),
        "{march}"
    );
    assert!(march.contains("| **Total** | | **1,800.00** | | |"), "{march}");
    assert!(march.contains("A negative value (spare) pays 0"), "{march}");
    let data =
        march.split("## Data read").nth(1).and_then(|s| s.split("## Rejected rows").next()).expect("the data section");
    assert!(data.contains("| tickets | tickets/mar.csv | 1 | 1 | 0 | 0 |"), "{data}");
    assert!(!data.contains("jan.csv") && !data.contains("feb.csv"), "files without rows in March are listed:\n{data}");
    assert!(data.contains("| **Total** | 1 file | 1 | 1 | 0 | 0 |"), "{data}");
    assert!(data.contains("2 other input files of the term have no row in this month"), "{data}");
    assert!(data.contains("*Without period* rows"), "{data}");
}

#[test]
fn every_string_from_the_contract_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let html = hand_worked(dir.path());
    for raw in ["<script>", "<b>", "<fix>", "& 'Sons'", "<img>"] {
        assert!(!html.contains(raw), "{raw} is not escaped");
    }
    assert!(html.contains("Client &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Esc &lt;b&gt;&amp;amp; Co&lt;/b&gt;"));
    assert!(html.contains("Fast &lt;fix&gt; &amp; &quot;done&quot;"));
    assert!(html.contains("Provider &amp; &#39;Sons&#39;"));
    assert!(html.contains("&lt;img&gt;"), "the rejected row's value is shown, escaped");
}

#[test]
fn the_cover_shows_net_payable_the_annual_cap_and_open_credits() {
    let dir = tempfile::tempdir().unwrap();
    let html = hand_worked(dir.path());
    let figure = |name: &str| {
        let marker = format!("data-figure=\"{name}\" data-value=\"");
        let at = html.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
        html[at..].split('"').next().unwrap().to_string()
    };
    assert_eq!(figure("net-total"), "28200.00");
    assert_eq!(figure("ytd-credits"), "1800.00");
    assert_eq!(figure("annual-headroom"), "0.00");
    let open = html.split("Credits open to earnback").nth(1).expect("the open credits table");
    let open = open.split("</table>").next().unwrap();
    assert!(open.contains("<th scope=\"row\">fast — Fast &lt;fix&gt; &amp; &quot;done&quot;</th><td>2026-01</td><td class=\"num\" data-value=\"1000.00\">1,000.00</td>"), "{open}");
    assert!(open.contains("<td>2026-02</td><td class=\"num\" data-value=\"800.00\">800.00</td>"), "{open}");
    assert!(open.contains("data-value=\"1800.00\">1,800.00</td>"), "the total line: {open}");
}

#[test]
fn xla_report_writes_beside_the_contract_by_default() {
    let dir = tempfile::tempdir().unwrap();
    hand_worked(dir.path());
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_xla"))
            .args(["report", "contract.xla", "--data", "data", "--period", "2026-01", "--through", "2026-03"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        fs::read(dir.path().join("settlements/review-2026-01-2026-03.html")).expect("the default file")
    };
    let first = run();
    assert_eq!(first, run(), "a second run gives the same bytes");
    let output = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["report", "contract.xla", "--data", "data", "--period", "2026-03", "--through", "2026-01"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "months backwards are a usage error");
    let output = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["report", "contract.xla", "--data", "data", "--period", "2026-01", "--out", "settlements"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "--out a directory is a usage error");
    assert!(String::from_utf8_lossy(&output.stderr).contains("it is a directory"));
}
