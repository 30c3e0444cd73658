//! The review pack of `xla report` (`src/report/html`): its structure
//! (sections, headings, figures and table shapes; snapshot, not bytes),
//! byte-identical output for the same inputs, escaping of every string that
//! comes from the contract or the data, and the cover's money figures,
//! worked out by hand.

use std::fs;
use std::path::Path;
use std::process::Command;
use xla::check::{check_file, RealFs};
use xla::eval::{self, Period};
use xla::report::{review_html, ContractFiles, Inputs};
use xla::settle::settle;

/// Checks, evaluates, settles and renders the review of `from..=through`.
fn review(contract: &Path, data: &Path, from: &str, through: &str) -> String {
    let checked = check_file(contract, &RealFs).expect("readable contract");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let sources = checked.sources.clone();
    let program = checked.program.expect("a program");
    let (from, through): (Period, Period) = (from.parse().unwrap(), through.parse().unwrap());
    let evaluation = eval::evaluate(&program, data, through, &mut |_: &str, _: u64| {}).expect("the data loads");
    let settlement = settle(&evaluation);
    let files = ContractFiles::new(&sources);
    review_html(Inputs { eval: &evaluation, settlement: &settlement, contract: &files }, from, through)
        .expect("renders")
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

dataset tickets from csv "tickets.csv" {
  id     text      = "id"
  ok     bool      = "ok"
  closed timestamp = "closed"
  period by closed
}

metric on_time = percent(tickets meeting ok)

sla fast "Fast <fix> & \"done\"" {
  metric     on_time
  target     >= 90%
  allocation 100%
  earnback after 2 consecutive months met
}
"#;

const TICKETS: &str = "id,ok,closed
T<1>,true,2026-01-05T10:00:00Z
T2,false,2026-01-06T10:00:00Z
T3,false,2026-02-03T10:00:00Z
T4,true,2026-03-03T10:00:00Z
";

fn hand_worked(dir: &Path) -> String {
    fs::write(dir.join("contract.xla"), CONTRACT).unwrap();
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("data/tickets.csv"), TICKETS).unwrap();
    review(&dir.join("contract.xla"), &dir.join("data"), "2026-01", "2026-03")
}

#[test]
fn every_string_from_the_contract_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let html = hand_worked(dir.path());
    for raw in ["<script>", "<b>", "<fix>", "& 'Sons'"] {
        assert!(!html.contains(raw), "{raw} is not escaped");
    }
    assert!(html.contains("Client &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Esc &lt;b&gt;&amp;amp; Co&lt;/b&gt;"));
    assert!(html.contains("Fast &lt;fix&gt; &amp; &quot;done&quot;"));
    assert!(html.contains("Provider &amp; &#39;Sons&#39;"));
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
}
