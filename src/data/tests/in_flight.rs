//! A lagging worker does not let the batches after its own pile up.

use super::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// A parallel sink that counts its parts not merged yet, keeps the most
/// there ever were, and stalls on the first row it is given.
#[derive(Default)]
struct Lagging {
    open: AtomicUsize,
    most: AtomicUsize,
    stalled: AtomicBool,
}

impl ParallelSink for Lagging {
    type Part = Vec<(usize, Vec<Value>)>;
    type Local = ();

    fn local(&self) {}

    fn part(&self) -> Self::Part {
        let open = self.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(open, Ordering::SeqCst);
        Vec::new()
    }

    fn row(&self, _: &mut (), part: &mut Self::Part, file: usize, row: &[Value]) {
        if !self.stalled.swap(true, Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(300));
        }
        part.push((file, row.to_vec()));
    }
}

#[test]
fn a_lagging_worker_holds_up_the_reader_not_the_memory() {
    // 600 records: hundreds of batches, as a test's CSV chunk is 16 bytes
    // and its JSON Lines batch 3 lines.
    for (format, name, content) in [
        (DataFormat::Csv, "t.csv", (0..600).fold("n\n".to_string(), |s, i| format!("{s}{i}\n"))),
        (DataFormat::Jsonl, "t.jsonl", (0..600).map(|i| format!("{{\"n\": {i}}}\n")).collect()),
    ] {
        let dir = DataDir::new().with(name, &content);
        let data = dataset(format, name, vec![column("n", ColumnKind::Number, false)]);
        let sink = Lagging::default();
        let mut got = Vec::new();
        let mut merge = |part: Vec<(usize, Vec<Value>)>| {
            sink.open.fetch_sub(1, Ordering::SeqCst);
            got.extend(part);
        };
        let options = LoadOptions { needed: None, threads: 3 };
        load_dataset_parallel(&data, dir.path(), options, &sink, &mut merge, &mut |_| {}).unwrap();
        let numbers: Vec<Value> = got.into_iter().map(|(_, row)| row[0].clone()).collect();
        assert_eq!(numbers, (0..600).map(|i| num(&i.to_string())).collect::<Vec<_>>(), "{name}");
        // At most 2 × (queue of 6 + 3 on the workers) batches in flight,
        // while the lagging one sleeps long enough for all of them.
        let most = sink.most.load(Ordering::SeqCst);
        assert!((2..=18).contains(&most), "{name}: {most} parts open at once");
    }
}
