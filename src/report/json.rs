//! `settlement-YYYY-MM.json`: the machine-readable settlement of one month
//! (LANGUAGE.md §8.4). Field names and their order are fixed; finance
//! systems and audits consume them.

use super::{text, Inputs, ReportError, REJECTED_ROWS_IN_JSON};
use crate::data::{Rejection, RowLocation};
use crate::eval::Term;
use crate::ir::{Program, Threshold};
use crate::settle::{MonthSettlement, Status};
use crate::value::Currency;
use serde::Serialize;

/// The schema identifier written in every settlement.
pub const SCHEMA: &str = "xla-settlement/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    period: String,
    contract: Contract<'a>,
    inputs: Vec<Input<'a>>,
    metrics: Vec<Metric<'a>>,
    clauses: Vec<Clause<'a>>,
    escalations: Vec<Escalation<'a>>,
    earnbacks: Vec<Earnback<'a>>,
    gains: Vec<Gain<'a>>,
    flags: Flags<'a>,
    totals: Totals,
    rejected_rows: RejectedRows<'a>,
}

#[derive(Serialize)]
struct Contract<'a> {
    name: &'a str,
    client: &'a str,
    provider: &'a str,
    currency: &'a str,
    file: &'a str,
    sha256: &'a str,
    includes: &'a [super::FileDigest],
}

#[derive(Serialize)]
struct Input<'a> {
    dataset: &'a str,
    files: Vec<InputFile<'a>>,
    /// What computed the dataset's states: `local` (read here) or the
    /// engine a states file names (`xla settle --states`).
    engine: &'a str,
}

#[derive(Serialize)]
struct InputFile<'a> {
    path: &'a str,
    sha256: &'a str,
    rows_read: u64,
    lines: u64,
    rows_used: u64,
    rows_rejected: u64,
    rows_without_period: u64,
    rows_collapsed: u64,
}

#[derive(Serialize)]
struct Metric<'a> {
    name: &'a str,
    unit: &'static str,
    value: Option<String>,
    volume: Option<u64>,
}

#[derive(Serialize)]
struct Bound {
    op: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Clause<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    metric: &'a str,
    unit: &'static str,
    value: Option<String>,
    target: Option<Bound>,
    minimum: Option<Bound>,
    status: &'static str,
    credit_before_cap: String,
    credit: String,
    bonus_before_cap: String,
    bonus: String,
    chronic_failure: bool,
    /// Service points after multipliers; null without a points regime (§7.2b).
    points: Option<String>,
    volume: Option<u64>,
    /// Absent for a monthly clause; null in a month that closes no period.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_over: Option<Option<MonthRange>>,
}

/// The months a clause measured over longer periods was assessed over.
#[derive(Serialize)]
struct MonthRange {
    from: String,
    through: String,
}

#[derive(Serialize)]
struct Escalation<'a> {
    clause: &'a str,
    level: u32,
    role: &'a str,
    due: String,
    condition: &'a str,
}

#[derive(Serialize)]
struct Earnback<'a> {
    clause: &'a str,
    charged_in: String,
    amount: String,
}

#[derive(Serialize)]
struct Gain<'a> {
    id: &'a str,
    value: Option<String>,
    amount_before_cap: Option<String>,
    amount: Option<String>,
}

#[derive(Serialize)]
struct Flags<'a> {
    watermelon: bool,
    chronic_failure: &'a [String],
}

#[derive(Serialize)]
struct Totals {
    monthly_fee: String,
    credits: String,
    earnbacks: String,
    bonuses_and_gains: String,
    net: String,
    /// The sum of the clauses' service points.
    points: String,
}

#[derive(Serialize)]
struct RejectedRows<'a> {
    count: u64,
    first: Vec<RejectedRow<'a>>,
}

/// A rejected row as JSON, the same in the settlement's `rejected_rows`
/// and in the data preview of `xla check --data`.
#[derive(Serialize)]
pub(super) struct RejectedRow<'a> {
    file: &'a str,
    /// The sheet of a workbook (absent for other files).
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    /// Null for a row an engine rejected, which has a key instead.
    line: Option<u64>,
    /// The key of a row an engine rejected (absent for rows of files read here).
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    column: Option<&'a str>,
    reason: &'a str,
}

impl<'a> From<&'a Rejection> for RejectedRow<'a> {
    fn from(r: &'a Rejection) -> Self {
        let (sheet, key) = match &r.at {
            RowLocation::Line(_) => (None, None),
            RowLocation::SheetRow { sheet, .. } => (Some(sheet.as_str()), None),
            RowLocation::Key(key) => (None, Some(key.as_str())),
        };
        RejectedRow { file: &r.file, sheet, line: r.line(), key, column: r.column.as_deref(), reason: &r.reason }
    }
}

/// The JSON settlement of month `m` (an index into the settled months),
/// pretty-printed with a final newline.
pub fn settlement_json(inputs: Inputs, m: usize) -> Result<Vec<u8>, ReportError> {
    let eval = inputs.eval;
    let program = eval.program;
    let month = &inputs.settlement.months[m];
    let currency = program.contract.currency;
    let document = Document {
        schema: SCHEMA,
        period: month.period.to_string(),
        contract: Contract {
            name: &program.contract.name,
            client: &program.contract.client,
            provider: &program.contract.provider,
            currency: currency.code(),
            file: &inputs.contract.root.path,
            sha256: &inputs.contract.root.sha256,
            includes: &inputs.contract.includes,
        },
        inputs: eval
            .inputs
            .iter()
            .map(|d| Input {
                dataset: &d.dataset,
                files: d
                    .files
                    .iter()
                    .map(|f| InputFile {
                        path: &f.path,
                        sha256: &f.sha256,
                        rows_read: f.rows_read,
                        lines: f.lines,
                        rows_used: f.rows_used.get(m).copied().unwrap_or(0),
                        rows_rejected: f.rows_rejected,
                        rows_without_period: f.rows_without_period,
                        rows_collapsed: f.rows_collapsed,
                    })
                    .collect(),
                engine: &d.engine,
            })
            .collect(),
        metrics: program
            .metrics
            .iter()
            .zip(&month.metrics)
            .map(|(metric, v)| Metric {
                name: &metric.name,
                unit: metric.ty.unit_name(),
                value: text::value(&v.value),
                volume: v.volume,
            })
            .collect(),
        clauses: clauses(program, &eval.term, month, m),
        escalations: month
            .escalations
            .iter()
            .map(|e| Escalation {
                clause: &e.clause,
                level: e.level,
                role: &e.role,
                due: e.due.format("%Y-%m-%d").to_string(),
                condition: &e.condition,
            })
            .collect(),
        earnbacks: month
            .earnbacks
            .iter()
            .map(|e| Earnback {
                clause: &e.clause,
                charged_in: e.charged_in.to_string(),
                amount: text::money(e.amount, currency),
            })
            .collect(),
        gains: month
            .gains
            .iter()
            .map(|g| Gain {
                id: &g.id,
                value: text::value(&g.value),
                amount_before_cap: g.amount_before_cap.map(|a| text::money(a, currency)),
                amount: g.amount.map(|a| text::money(a, currency)),
            })
            .collect(),
        flags: Flags { watermelon: month.watermelon, chronic_failure: &month.chronic_failure },
        totals: totals(month, currency),
        rejected_rows: RejectedRows {
            count: eval.rejected_total,
            first: eval.rejections.iter().take(REJECTED_ROWS_IN_JSON).map(RejectedRow::from).collect(),
        },
    };
    let mut bytes = serde_json::to_vec_pretty(&document)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn clauses<'a>(program: &'a Program, term: &Term, month: &MonthSettlement, m: usize) -> Vec<Clause<'a>> {
    let currency = program.contract.currency;
    month
        .clauses
        .iter()
        .map(|cm| {
            let clause = &program.clauses[cm.clause];
            let metric = &program.metrics[clause.metric];
            let bound = |t: Threshold| {
                let (op, value) = text::threshold(t, &metric.ty);
                Bound { op, value }
            };
            Clause {
                id: &clause.id,
                kind: clause.kind.keyword(),
                title: &clause.title,
                metric: &metric.name,
                unit: metric.ty.unit_name(),
                value: text::value(&cm.value.value),
                target: cm.target.map(bound),
                minimum: clause.minimum.map(bound),
                status: cm.status.as_str(),
                credit_before_cap: text::money(cm.credit_before_cap, currency),
                credit: text::money(cm.credit, currency),
                bonus_before_cap: text::money(cm.bonus_before_cap, currency),
                bonus: text::money(cm.bonus, currency),
                chronic_failure: cm.chronic_failure,
                points: cm.points.map(crate::value::canonical),
                volume: cm.value.volume,
                measured_over: clause.measured_every.map(|every| {
                    let assessed = !matches!(cm.status, Status::NotStarted | Status::NotAssessed);
                    let span = term.measurement_period(every, term.first_month(clause.from), m).filter(|_| assessed);
                    span.map(|span| MonthRange {
                        from: term.month_at(span.first).to_string(),
                        through: term.month_at(span.last).to_string(),
                    })
                }),
            }
        })
        .collect()
}

fn totals(month: &MonthSettlement, currency: Currency) -> Totals {
    let t = &month.totals;
    Totals {
        monthly_fee: text::money(t.monthly_fee, currency),
        credits: text::money(t.credits, currency),
        earnbacks: text::money(t.earnbacks, currency),
        bonuses_and_gains: text::money(t.bonuses_and_gains, currency),
        net: text::money(t.net, currency),
        points: crate::value::canonical(t.points),
    }
}
