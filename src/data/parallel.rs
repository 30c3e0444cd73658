//! Loading a dataset on several threads, with the same outcome as loading
//! it on one.
//!
//! The calling thread reads the files in order and sends them, numbered, to
//! worker threads: CSV as chunks of whole records
//! ([`Chunks`](super::csv_chunks::Chunks)), JSON Lines as chunks of whole
//! lines ([`LineChunks`]). A worker splits and parses every record of a
//! batch, feeds the accepted rows to a fresh part of the sink
//! ([`ParallelSink`]), and hashes the batch's bytes into its file's digest
//! ([`ChunkDigest`](super::hashing::ChunkDigest), which keeps the order the
//! chunks were cut in); it sends back the part, the rows read, the
//! batch's rejections, and, for a `unique by` dataset, the accepted rows
//! themselves. What the sink keeps per thread across batches comes back
//! with a batch once it has grown ([`ParallelSink::spill`]), and the rest
//! when the worker ends ([`ParallelSink::finish`]). The calling thread puts
//! the results back in batch order before it uses them: parts are merged,
//! rejections recorded and rows collapsed in exactly the order of the
//! files, so the report and the
//! collapsed rows are those of a one-thread load, and a sink whose merge is
//! order-preserving sees the same rows in the same order. It reads ahead of
//! that merge by a bounded number of batches: a worker that lags holds up
//! the reading, not the memory.
//!
//! What the load makes that a worker reads for every row, the worker copies
//! for itself: the plan, each file's header, the sink's row logic
//! ([`ParallelSink::local`]). Made on the reading thread, those blocks can
//! lie beside blocks the other worker writes for every row. (The program
//! and the term they point into were made before any loading thread ran.)

use super::buffer::{self, Buffer};
use super::collect::{Collector, RecordsOut};
use super::csv_chunks::Chunk;
use super::csv_file::{self, Header};
use super::csv_records::Record;
use super::files::{self, SourceFile};
use super::hashing::FileDigest;
use super::jsonl_file::{self, LineChunk, LineChunks};
use super::plan::Plan;
use super::xlsx_file;
use super::{LoadError, LoadReport, ParallelSink, RowSink};
use crate::ir::{DataFormat, Dataset};
use crate::value::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

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
    records: Records,
}

/// The records of a batch.
enum Records {
    /// CSV: whole records, and the header of their file.
    Csv { chunk: Chunk, header: Arc<Header> },
    /// JSON Lines: whole lines.
    Lines(LineChunk),
}

/// What a worker made of a batch.
struct Done<P> {
    seq: u64,
    file: usize,
    part: P,
    /// Rows read (accepted or not), and the physical lines they span.
    read: (u64, u64),
    /// Per rejected record: its line, the rows it counts as, the column at fault, why.
    rejections: Vec<(u64, u64, Option<String>, String)>,
    rows: Vec<Vec<Value>>,
    /// What the worker's local state had kept across batches, if it spilled
    /// it after this one ([`ParallelSink::spill`]).
    kept: Option<P>,
    /// The batch's buffer, for the next batch.
    spent: Arc<Buffer>,
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
    let mut main = MainSink { sink, local: None, part: None, progress };
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
    if let Some(part) = main.local.take().and_then(|local| sink.finish(local)) {
        merge(part);
    }
    super::within_reject_limit(dataset, report)
}

/// The sink on the calling thread: rows delivered there (one-thread loads,
/// and the kept rows of `unique by`) go to one part, merged at the end.
struct MainSink<'s, 'p, S: ParallelSink> {
    sink: &'s S,
    local: Option<S::Local>,
    part: Option<S::Part>,
    progress: &'p mut dyn FnMut(u64),
}

impl<S: ParallelSink> RowSink for MainSink<'_, '_, S> {
    fn row(&mut self, file: usize, row: &[Value]) {
        let part = self.part.get_or_insert_with(|| self.sink.part());
        let local = self.local.get_or_insert_with(|| self.sink.local());
        self.sink.row(local, part, file, row);
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
    let work_capacity = threads * 2;
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(work_capacity);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done<S::Part>>();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (work_rx, done_tx) = (Arc::clone(&work_rx), done_tx.clone());
                scope.spawn(move || work(plan, sink, unique, &work_rx, &done_tx))
            })
            .collect();
        // Only the workers hold these now: if they all stop, sending and receiving stop too.
        drop(work_rx);
        drop(done_tx);
        let mut collector = Collector::new(main, plan.dataset().unique_by, files);
        let mut ordered = InOrder { next: 0, waiting: BTreeMap::new(), done: done_rx, spent: Vec::new() };
        // The queue, a batch on each worker, and as many again done ahead of a lagging one.
        let in_flight = 2 * (work_capacity + threads) as u64;
        let mut reader = Reader { work: Some(work_tx), seq: 0, in_flight };
        let read = (|| {
            let mut hashes = Vec::with_capacity(files.len());
            for (index, file) in files.iter().enumerate() {
                let hash = match plan.dataset().format {
                    DataFormat::Csv => reader.csv(file, index, plan, &mut collector, &mut ordered, merge)?,
                    DataFormat::Jsonl => reader.jsonl(file, index, &mut collector, &mut ordered, merge)?,
                    // A workbook's cells come from one decompressing stream, with
                    // little parsing to share out: it is read on this thread.
                    DataFormat::Xlsx => FileDigest::Done(xlsx_file::read(file, index, plan, &mut collector)?),
                    // Refused by `Plan::with_needed` before any file is looked for.
                    DataFormat::Table => return Err(super::plan::in_table(plan.dataset())),
                };
                hashes.push(hash);
            }
            Ok(hashes)
        })();
        // No more work: the workers finish what they have and stop.
        reader.work = None;
        let digests = read?;
        ordered.wait_below(reader.seq, 1, &mut collector, merge);
        // Every batch is in: what the workers kept across batches comes last.
        for worker in workers {
            match worker.join() {
                Ok(kept) => kept.into_iter().for_each(&mut *merge),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        // Every chunk is parsed, so hashed: the digests are complete.
        let hashes = digests
            .into_iter()
            .zip(files)
            .map(|(digest, file)| digest.finish().map_err(|e| file.io_error(e)))
            .collect::<Result<_, _>>()?;
        Ok(collector.finish(hashes))
    })
}

/// Parses batches until there are no more; returns what the thread's
/// local state kept across them ([`ParallelSink::finish`]).
fn work<S: ParallelSink>(
    plan: &Plan<'_>,
    sink: &S,
    unique: bool,
    work: &Mutex<Receiver<Batch>>,
    done: &mpsc::Sender<Done<S::Part>>,
) -> Option<S::Part> {
    // What the worker reads and writes for every row is made here, so that
    // the allocator hands it blocks of this thread's (see `ParallelSink::local`):
    // its copy of the plan, of the sink's row logic, of each file's header.
    let plan = &plan.clone();
    let mut local = sink.local();
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(plan.dataset().columns.len());
    let mut record = Record::default();
    let mut header = LocalHeader::default();
    loop {
        let batch = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return None,
        };
        let Ok(batch) = batch else { return sink.finish(local) };
        let mut out = Parsed {
            sink,
            local: &mut local,
            file: batch.file,
            part: sink.part(),
            unique,
            read: (0, 0),
            rejections: Vec::new(),
            rows: Vec::new(),
        };
        let spent = match batch.records {
            Records::Csv { mut chunk, header: shared } => {
                let header = header.of(shared);
                csv_file::parse_chunk(&chunk, header, plan, &mut scratch, &mut row, &mut record, &mut out);
                chunk.hash();
                chunk.bytes
            }
            Records::Lines(mut chunk) => {
                jsonl_file::parse_chunk(&chunk, plan, &mut scratch, &mut row, &mut out);
                chunk.hash();
                chunk.bytes
            }
        };
        let Parsed { part, read, rejections, rows, .. } = out;
        let kept = sink.spill(&mut local);
        let result = Done { seq: batch.seq, file: batch.file, part, read, rejections, rows, kept, spent };
        if done.send(result).is_err() {
            return None;
        }
    }
}

/// A worker's copy of the header of the file it parses.
#[derive(Default)]
struct LocalHeader {
    /// The header copied, and the copy.
    copied: Option<(Arc<Header>, Header)>,
}

impl LocalHeader {
    /// The copy of `shared`, made again only when the file changes.
    fn of(&mut self, shared: Arc<Header>) -> &Header {
        if self.copied.as_ref().is_some_and(|(last, _)| !Arc::ptr_eq(last, &shared)) {
            self.copied = None;
        }
        let (_, copy) = self.copied.get_or_insert_with(|| {
            let copy = Header::clone(&shared);
            (shared, copy)
        });
        copy
    }
}

/// What a worker has made of a batch so far.
struct Parsed<'s, S: ParallelSink> {
    sink: &'s S,
    local: &'s mut S::Local,
    file: usize,
    part: S::Part,
    unique: bool,
    read: (u64, u64),
    rejections: Vec<(u64, u64, Option<String>, String)>,
    rows: Vec<Vec<Value>>,
}

impl<S: ParallelSink> RecordsOut for Parsed<'_, S> {
    fn read(&mut self, rows: u64, lines: u64) {
        self.read.0 += rows;
        self.read.1 += lines;
    }

    fn accept(&mut self, row: &mut Vec<Value>) {
        if self.unique {
            self.rows.push(std::mem::take(row));
        } else {
            self.sink.row(self.local, &mut self.part, self.file, row);
        }
    }

    fn reject(&mut self, line: u64, rows: u64, column: Option<&str>, reason: String) {
        self.rejections.push((line, rows, column.map(str::to_string), reason));
    }
}

/// Results put back in batch order.
struct InOrder<P> {
    next: u64,
    waiting: BTreeMap<u64, Done<P>>,
    done: Receiver<Done<P>>,
    /// Buffers of batches done, for the next ones.
    spent: Vec<Arc<Buffer>>,
}

impl<P> InOrder<P> {
    /// Uses the results already done, without waiting for more.
    fn drain(&mut self, out: &mut Collector<'_>, merge: &mut dyn FnMut(P)) {
        while let Ok(d) = self.done.try_recv() {
            self.deliver(d, out, merge);
        }
    }

    /// Waits until fewer than `limit` of the first `sent` batches are not
    /// used yet (or no worker is left to send a result); a `limit` of 1
    /// waits for all of them.
    fn wait_below(&mut self, sent: u64, limit: u64, out: &mut Collector<'_>, merge: &mut dyn FnMut(P)) {
        while sent - self.next >= limit {
            let Ok(d) = self.done.recv() else { return };
            self.deliver(d, out, merge);
        }
    }

    /// Puts `done` in its place and uses every waiting result that is next in order.
    fn deliver(&mut self, done: Done<P>, out: &mut Collector<'_>, merge: &mut dyn FnMut(P)) {
        self.waiting.insert(done.seq, done);
        while let Some(d) = self.waiting.remove(&self.next) {
            self.next += 1;
            out.read(d.file, d.read.0, d.read.1);
            for (line, rows, column, reason) in d.rejections {
                out.reject(d.file, line, rows, column.as_deref(), reason);
            }
            for mut row in d.rows {
                out.accept(d.file, &mut row);
            }
            merge(d.part);
            d.kept.into_iter().for_each(&mut *merge);
            self.spent.push(d.spent);
        }
    }

    /// An empty buffer for the next batch.
    fn buffer(&mut self) -> Buffer {
        let mut buffer = self.spent.pop().map(buffer::reclaim).unwrap_or_default();
        buffer.clear();
        buffer
    }
}

/// The calling thread's side: reads files into batches.
struct Reader {
    work: Option<SyncSender<Batch>>,
    seq: u64,
    /// The most batches sent and not yet used. A worker that falls behind
    /// holds up the use of every batch after its own, each with its text
    /// and its part of the sink: without a bound, they would pile up for
    /// as long as it lags.
    in_flight: u64,
}

impl Reader {
    /// Sends the records of `file`, using finished results while the workers are busy.
    fn send<P>(
        &mut self,
        file: usize,
        records: Records,
        out: &mut Collector<'_>,
        ordered: &mut InOrder<P>,
        merge: &mut dyn FnMut(P),
    ) {
        ordered.drain(out, merge);
        ordered.wait_below(self.seq, self.in_flight, out, merge);
        let batch = Batch { seq: self.seq, file, records };
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
    ) -> Result<FileDigest, LoadError> {
        let csv_file::Opened { mut chunks, first, header } = csv_file::open(file, plan)?;
        let header = Arc::new(header);
        let mut chunk = Some(first);
        while let Some(full) = chunk {
            self.send(index, Records::Csv { chunk: full, header: Arc::clone(&header) }, out, ordered, merge);
            out.progress(chunks.text().bytes());
            chunk = chunks.next(ordered.buffer()).map_err(|e| file.io_error(e))?;
        }
        let text = chunks.into_text();
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
    ) -> Result<FileDigest, LoadError> {
        let mut chunks = LineChunks::open(file)?;
        while let Some(chunk) = chunks.next(file, ordered.buffer())? {
            self.send(index, Records::Lines(chunk), out, ordered, merge);
            out.progress(chunks.bytes());
        }
        Ok(chunks.finish(out))
    }
}
