//! Loading a dataset on several threads, with the same outcome as loading
//! it on one.
//!
//! The calling thread reads the files in order (hashing their bytes), splits
//! them into records (CSV, with the `csv` crate as the one-thread loader
//! does) or lines (JSON Lines), counts the rows read, and sends batches of a
//! few thousand records, numbered, to worker threads. A worker parses every
//! record of a batch and feeds the accepted rows to a fresh part of the sink
//! ([`ParallelSink`]); it sends back the part, the batch's rejections, and,
//! for a `unique by` dataset, the accepted rows themselves. The calling
//! thread puts the results back in batch order before it uses them: parts
//! are merged, rejections recorded and rows collapsed in exactly the order
//! of the files, so the report and the collapsed rows are those of a
//! one-thread load, and a sink whose merge is order-preserving sees the same
//! rows in the same order.

use super::collect::Collector;
use super::csv_file::{self, whole_record_reject, WholeReject};
use super::csv_records::Record;
use super::files::{self, SourceFile};
use super::jsonl_file::{self, parse_line};
use super::plan::Plan;
use super::xlsx_file;
use super::{LoadError, LoadReport, ParallelSink, RowSink};
use crate::ir::{DataFormat, Dataset};
use crate::value::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// Records per batch (a few in tests, so that small files span batches).
#[cfg(not(test))]
const BATCH_RECORDS: usize = 4096;
#[cfg(test)]
const BATCH_RECORDS: usize = 3;

/// How a load runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions<'a> {
    /// Which columns the sink reads (by index); the others are checked but
    /// their text is not kept (`none`). `None`: all.
    pub needed: Option<&'a [bool]>,
    /// Worker threads; 0 or 1 loads on the calling thread alone.
    pub threads: usize,
}

/// Records of one file to parse.
struct Batch {
    seq: u64,
    file: usize,
    /// The records' cells (CSV: the named cells, in column order) or lines, end to end.
    bytes: Vec<u8>,
    /// Where each cell or line ends in `bytes`.
    ends: Vec<usize>,
    /// Per record: its line, and (CSV) why it is rejected as a whole, if it is.
    records: Vec<(u64, Option<Box<WholeReject>>)>,
}

/// What a worker made of a batch.
struct Done<P> {
    seq: u64,
    file: usize,
    part: P,
    /// Per rejected record: its line, the rows it counts as, the column at fault, why.
    rejections: Vec<(u64, u64, Option<String>, String)>,
    rows: Vec<Vec<Value>>,
}

/// Loads `dataset` as [`load_dataset`](super::load_dataset) does, feeding
/// accepted rows to parts of `sink` and merging each part with `merge`, in
/// the order of the rows. `progress` hears the bytes read so far.
pub fn load_dataset_parallel<S: ParallelSink>(
    dataset: &Dataset,
    data_dir: &Path,
    options: LoadOptions<'_>,
    sink: &S,
    merge: &mut dyn FnMut(S::Part),
    progress: &mut dyn FnMut(u64),
) -> Result<LoadReport, LoadError> {
    let plan = Plan::with_needed(dataset, options.needed)?;
    let files = files::expand(dataset, data_dir)?;
    let mut main = MainSink { sink, part: None, progress };
    let report = if options.threads <= 1 {
        let mut collector = Collector::new(&mut main, dataset.unique_by, &files);
        let mut hashes = Vec::with_capacity(files.len());
        for (index, file) in files.iter().enumerate() {
            hashes.push(match dataset.format {
                DataFormat::Csv => csv_file::read(file, index, &plan, &mut collector)?,
                DataFormat::Jsonl => jsonl_file::read(file, index, &plan, &mut collector)?,
                DataFormat::Xlsx => xlsx_file::read(file, index, &plan, &mut collector)?,
                // Refused by `Plan::with_needed` before any file is looked for.
                DataFormat::Table => return Err(super::plan::in_table(dataset)),
            });
        }
        collector.finish(hashes)
    } else {
        threaded(&plan, &files, options.threads, sink, &mut main, merge)?
    };
    if let Some(part) = main.part.take() {
        merge(part);
    }
    super::within_reject_limit(dataset, report)
}

/// The sink on the calling thread: rows delivered there (one-thread loads,
/// and the kept rows of `unique by`) go to one part, merged at the end.
struct MainSink<'s, 'p, S: ParallelSink> {
    sink: &'s S,
    part: Option<S::Part>,
    progress: &'p mut dyn FnMut(u64),
}

impl<S: ParallelSink> RowSink for MainSink<'_, '_, S> {
    fn row(&mut self, file: usize, row: &[Value]) {
        let part = self.part.get_or_insert_with(|| self.sink.part());
        self.sink.row(part, file, row);
    }

    fn progress(&mut self, bytes: u64) {
        (self.progress)(bytes);
    }
}

/// The load on `threads` workers, the calling thread reading the files.
fn threaded<S: ParallelSink>(
    plan: &Plan<'_>,
    files: &[SourceFile],
    threads: usize,
    sink: &S,
    main: &mut MainSink<'_, '_, S>,
    merge: &mut dyn FnMut(S::Part),
) -> Result<LoadReport, LoadError> {
    let unique = plan.dataset().unique_by.is_some();
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(threads * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done<S::Part>>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (work_rx, done_tx) = (Arc::clone(&work_rx), done_tx.clone());
            scope.spawn(move || work(plan, sink, unique, &work_rx, &done_tx));
        }
        // Only the workers hold these now: if they all stop, sending and receiving stop too.
        drop(work_rx);
        drop(done_tx);
        let mut collector = Collector::new(main, plan.dataset().unique_by, files);
        let mut ordered = InOrder { next: 0, waiting: BTreeMap::new(), done: done_rx };
        let mut reader = Reader { work: Some(work_tx), seq: 0 };
        let read = (|| {
            let mut hashes = Vec::with_capacity(files.len());
            for (index, file) in files.iter().enumerate() {
                let hash = match plan.dataset().format {
                    DataFormat::Csv => reader.csv(file, index, plan, &mut collector, &mut ordered, merge)?,
                    DataFormat::Jsonl => reader.jsonl(file, index, &mut collector, &mut ordered, merge)?,
                    // A workbook's cells come from one decompressing stream, with
                    // little parsing to share out: it is read on this thread.
                    DataFormat::Xlsx => xlsx_file::read(file, index, plan, &mut collector)?,
                    // Refused by `Plan::with_needed` before any file is looked for.
                    DataFormat::Table => return Err(super::plan::in_table(plan.dataset())),
                };
                hashes.push(hash);
            }
            Ok(hashes)
        })();
        // No more work: the workers finish what they have and stop.
        reader.work = None;
        let hashes = read?;
        ordered.drain(&mut collector, merge, true);
        Ok(collector.finish(hashes))
    })
}

/// Parses batches until there are no more.
fn work<S: ParallelSink>(
    plan: &Plan<'_>,
    sink: &S,
    unique: bool,
    work: &Mutex<Receiver<Batch>>,
    done: &mpsc::Sender<Done<S::Part>>,
) {
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(plan.dataset().columns.len());
    loop {
        let batch = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else { return };
        let mut part = sink.part();
        let (mut rejections, mut rows) = (Vec::new(), Vec::new());
        let columns = plan.dataset().columns.len();
        // A CSV batch's cells end to end, checked as UTF-8 once: a cell of
        // text that is valid as a whole is read without its own check when
        // it starts and ends on character boundaries (it then is valid too);
        // any other cell is checked alone, and rejected if it is invalid.
        let text = match plan.dataset().format {
            DataFormat::Csv => std::str::from_utf8(&batch.bytes).ok(),
            _ => None,
        };
        let mut start = 0;
        let mut cell = 0;
        for (line, whole) in batch.records {
            let result = match (plan.dataset().format, whole) {
                (DataFormat::Csv, Some(w)) => {
                    rejections.push((line, w.rows, w.column, w.reason));
                    continue;
                }
                (DataFormat::Csv, None) => {
                    let (bytes, ends) = (&batch.bytes, &batch.ends[cell..cell + columns]);
                    cell += columns;
                    let field = |i: usize| {
                        let range = if i == 0 { start } else { ends[i - 1] }..ends[i];
                        match text.and_then(|t| t.get(range.clone())) {
                            Some(checked) => Ok(Some(checked)),
                            None => csv_file::utf8(&bytes[range]).map(Some),
                        }
                    };
                    let r = plan.parse_row(field, &mut row, &mut scratch);
                    start = ends[columns - 1];
                    r
                }
                // Workbooks are never sent to workers, nor tables loaded.
                (DataFormat::Jsonl | DataFormat::Xlsx | DataFormat::Table, _) => {
                    let end = batch.ends[cell];
                    cell += 1;
                    let r = parse_line(&batch.bytes[start..end], plan, &mut scratch, &mut row);
                    start = end;
                    r
                }
            };
            match result {
                Ok(()) if unique => rows.push(std::mem::take(&mut row)),
                Ok(()) => sink.row(&mut part, batch.file, &row),
                Err(r) => rejections.push((line, 1, r.column.map(|c| plan.source(c).to_string()), r.reason)),
            }
        }
        let result = Done { seq: batch.seq, file: batch.file, part, rejections, rows };
        if done.send(result).is_err() {
            return;
        }
    }
}

/// Results put back in batch order.
struct InOrder<P> {
    next: u64,
    waiting: BTreeMap<u64, Done<P>>,
    done: Receiver<Done<P>>,
}

impl<P> InOrder<P> {
    /// Uses every result that is next in order; with `all`, waits for all.
    fn drain(&mut self, out: &mut Collector<'_>, merge: &mut dyn FnMut(P), all: bool) {
        loop {
            let received = if all { self.done.recv().ok() } else { self.done.try_recv().ok() };
            let got = received.is_some();
            if let Some(d) = received {
                self.waiting.insert(d.seq, d);
            }
            while let Some(d) = self.waiting.remove(&self.next) {
                self.next += 1;
                for (line, rows, column, reason) in d.rejections {
                    out.reject(d.file, line, rows, column.as_deref(), reason);
                }
                for mut row in d.rows {
                    out.accept(d.file, &mut row);
                }
                merge(d.part);
            }
            if !got {
                return;
            }
        }
    }
}

/// The calling thread's side: reads files into batches.
struct Reader {
    work: Option<SyncSender<Batch>>,
    seq: u64,
}

impl Reader {
    fn batch(&self, file: usize) -> Batch {
        Batch {
            seq: 0,
            file,
            bytes: Vec::with_capacity(256 * BATCH_RECORDS),
            ends: Vec::with_capacity(8 * BATCH_RECORDS),
            records: Vec::with_capacity(BATCH_RECORDS),
        }
    }

    /// Sends a batch, using finished results while the workers are busy.
    fn send<P>(&mut self, batch: Batch, out: &mut Collector<'_>, ordered: &mut InOrder<P>, merge: &mut dyn FnMut(P)) {
        ordered.drain(out, merge, false);
        if batch.records.is_empty() {
            return;
        }
        let mut batch = batch;
        batch.seq = self.seq;
        self.seq += 1;
        if let Some(work) = &self.work {
            // Only fails if every worker is gone, which a panic would have shown.
            let _ = work.send(batch);
        }
    }

    fn csv<P>(
        &mut self,
        file: &SourceFile,
        index: usize,
        plan: &Plan<'_>,
        out: &mut Collector<'_>,
        ordered: &mut InOrder<P>,
        merge: &mut dyn FnMut(P),
    ) -> Result<String, LoadError> {
        let csv_file::Opened { mut records, names, positions } = csv_file::open(file, plan)?;
        let mut record = Record::default();
        let mut batch = self.batch(index);
        while records.read(&mut record).map_err(|e| csv_file::io_error(file, e))? {
            let whole = whole_record_reject(&record, &names, plan.dataset().csv.multiline);
            out.read(index, whole.as_ref().map_or(1, |w| w.rows), record.lines);
            if whole.is_none() {
                for &p in &positions {
                    batch.bytes.extend_from_slice(record.get(p).unwrap_or_default());
                    batch.ends.push(batch.bytes.len());
                }
            }
            batch.records.push((record.line, whole.map(Box::new)));
            if batch.records.len() == BATCH_RECORDS {
                let full = std::mem::replace(&mut batch, self.batch(index));
                self.send(full, out, ordered, merge);
                out.progress(records.text().bytes());
            }
        }
        self.send(batch, out, ordered, merge);
        let text = records.into_text();
        out.end_file(text.bytes());
        Ok(text.sha256())
    }

    fn jsonl<P>(
        &mut self,
        file: &SourceFile,
        index: usize,
        out: &mut Collector<'_>,
        ordered: &mut InOrder<P>,
        merge: &mut dyn FnMut(P),
    ) -> Result<String, LoadError> {
        let mut lines = jsonl_file::Lines::open(file)?;
        let mut batch = self.batch(index);
        while let Some((line, text)) = lines.next(file)? {
            out.read(index, 1, 1);
            batch.bytes.extend_from_slice(text);
            batch.ends.push(batch.bytes.len());
            batch.records.push((line, None));
            if batch.records.len() == BATCH_RECORDS {
                let full = std::mem::replace(&mut batch, self.batch(index));
                self.send(full, out, ordered, merge);
                out.progress(lines.bytes());
            }
        }
        self.send(batch, out, ordered, merge);
        Ok(lines.finish(out))
    }
}
