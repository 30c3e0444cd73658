//! A minimal `.xlsx` writer, for sample workbooks and benchmarks.
//!
//! A workbook is a zip archive of XML parts. This writes the fewest parts
//! Excel and `calamine` need (content types, relationships, workbook,
//! styles, one part per sheet), stores them uncompressed (a zip "stored"
//! entry needs only a CRC-32), and writes text as inline strings, or, for
//! one sheet made with [`Sheet::shared`], in a shared-strings table as
//! Excel itself saves text. Cells
//! are numbers, text, dates and date-times (serial numbers with the
//! built-in date formats 14 and 22, as Excel stores them) and durations
//! (format 46, `[h]:mm:ss`).

use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No cell.
    Empty,
    /// A text cell.
    Text(String),
    /// A number cell (a double, as Excel holds every number).
    Number(f64),
    /// A date cell.
    Date(NaiveDate),
    /// A date-time cell (local time: Excel keeps no zone).
    DateTime(NaiveDateTime),
    /// A duration cell, in seconds.
    Duration(f64),
}

/// The cell styles of `styles.xml`, by index: 0 general, then the formats below.
const STYLE_DATE: u32 = 1;
const STYLE_DATE_TIME: u32 = 2;
const STYLE_DURATION: u32 = 3;

/// The XML of one worksheet, written row by row.
pub struct Sheet {
    name: String,
    xml: Vec<u8>,
    rows: u32,
    /// For a sheet whose text goes to the shared-strings table: each string's index.
    shared: Option<HashMap<String, u32>>,
}

impl Sheet {
    /// An empty sheet named `name`.
    pub fn new(name: &str) -> Sheet {
        let mut xml = Vec::new();
        xml.extend_from_slice(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
              <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
        );
        Sheet { name: name.to_string(), xml, rows: 0, shared: None }
    }

    /// An empty sheet named `name` whose text cells go to the workbook's
    /// shared-strings table, as Excel saves them (one such sheet per workbook).
    pub fn shared(name: &str) -> Sheet {
        Sheet { shared: Some(HashMap::new()), ..Sheet::new(name) }
    }

    /// Leaves a row empty.
    pub fn skip_row(&mut self) {
        self.rows += 1;
    }

    /// Appends a row.
    pub fn row(&mut self, cells: &[Cell]) {
        self.rows += 1;
        let mut out = String::new();
        let _ = write!(out, "<row r=\"{}\">", self.rows);
        for (column, cell) in cells.iter().enumerate() {
            let at = format!("{}{}", column_name(column), self.rows);
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => match &mut self.shared {
                    Some(shared) => {
                        let next = shared.len() as u32;
                        let index = *shared.entry(text.clone()).or_insert(next);
                        let _ = write!(out, "<c r=\"{at}\" t=\"s\"><v>{index}</v></c>");
                    }
                    None => {
                        let _ = write!(
                            out,
                            "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                            escape(text)
                        );
                    }
                },
                Cell::Number(n) => {
                    let _ = write!(out, "<c r=\"{at}\"><v>{n}</v></c>");
                }
                Cell::Date(date) => {
                    let serial = serial(date.and_hms_opt(0, 0, 0).unwrap_or_default());
                    let _ = write!(out, "<c r=\"{at}\" s=\"{STYLE_DATE}\"><v>{serial}</v></c>");
                }
                Cell::DateTime(local) => {
                    let _ = write!(out, "<c r=\"{at}\" s=\"{STYLE_DATE_TIME}\"><v>{}</v></c>", serial(*local));
                }
                Cell::Duration(seconds) => {
                    let _ = write!(out, "<c r=\"{at}\" s=\"{STYLE_DURATION}\"><v>{}</v></c>", seconds / 86_400.0);
                }
            }
        }
        out.push_str("</row>");
        self.xml.extend_from_slice(out.as_bytes());
    }
}

/// Excel's serial number of a local date-time: days since 1899-12-30 (the
/// 1900 date system, right for every date after 1900-03-01).
fn serial(local: NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default();
    let millis = (local - epoch).num_milliseconds();
    millis as f64 / 86_400_000.0
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
fn column_name(mut column: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes a workbook holding `sheets`, in order, to `out`.
pub fn write(out: &mut impl Write, mut sheets: Vec<Sheet>) -> io::Result<()> {
    let mut tables = sheets.iter_mut().filter_map(|s| s.shared.take());
    let shared = tables.next();
    if tables.next().is_some() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "one sheet at most may use shared strings"));
    }
    let mut zip = Zip::default();
    if let Some(shared) = shared {
        let mut strings: Vec<(String, u32)> = shared.into_iter().collect();
        strings.sort_by_key(|(_, i)| *i);
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{0}\" uniqueCount=\"{0}\">",
            strings.len()
        );
        for (text, _) in &strings {
            let _ = write!(xml, "<si><t xml:space=\"preserve\">{}</t></si>", escape(text));
        }
        xml.push_str("</sst>");
        zip.add("xl/sharedStrings.xml", xml.into_bytes());
    }
    let overrides: String = (1..=sheets.len())
        .map(|i| {
            format!(
                "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            )
        })
        .collect();
    zip.add(
        "[Content_Types].xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
             {overrides}</Types>"
        )
        .into_bytes(),
    );
    zip.add(
        "_rels/.rels",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
          <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
          </Relationships>"
            .to_vec(),
    );
    let mut workbook = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>",
    );
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(workbook, "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>", escape(&sheet.name));
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
    }
    let styles_id = sheets.len() + 1;
    let _ = write!(
        rels,
        "<Relationship Id=\"rId{styles_id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    );
    workbook.push_str("</sheets></workbook>");
    zip.add("xl/workbook.xml", workbook.into_bytes());
    zip.add("xl/_rels/workbook.xml.rels", rels.into_bytes());
    zip.add(
        "xl/styles.xml",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
          <styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
          <fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>\
          <cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs>\
          <cellXfs count=\"4\"><xf numFmtId=\"0\" xfId=\"0\"/>\
          <xf numFmtId=\"14\" xfId=\"0\" applyNumberFormat=\"1\"/>\
          <xf numFmtId=\"22\" xfId=\"0\" applyNumberFormat=\"1\"/>\
          <xf numFmtId=\"46\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>\
          </styleSheet>"
            .to_vec(),
    );
    for (i, mut sheet) in sheets.into_iter().enumerate() {
        sheet.xml.extend_from_slice(b"</sheetData></worksheet>");
        zip.add(&format!("xl/worksheets/sheet{}.xml", i + 1), sheet.xml);
    }
    zip.finish(out)
}

/// A zip archive of stored (uncompressed) entries, built in memory.
#[derive(Default)]
struct Zip {
    body: Vec<u8>,
    directory: Vec<u8>,
    entries: u16,
}

impl Zip {
    fn add(&mut self, name: &str, data: Vec<u8>) {
        let crc = crc32(&data);
        let offset = self.body.len() as u32;
        let size = data.len() as u32;
        let name = name.as_bytes();
        // Local file header: version 2.0, no flags, stored, no time.
        self.body.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        self.body.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        for v in [crc, size, size] {
            self.body.extend_from_slice(&v.to_le_bytes());
        }
        self.body.extend_from_slice(&(name.len() as u16).to_le_bytes());
        self.body.extend_from_slice(&0u16.to_le_bytes());
        self.body.extend_from_slice(name);
        self.body.extend_from_slice(&data);
        // Central directory entry.
        self.directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.directory.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        for v in [crc, size, size] {
            self.directory.extend_from_slice(&v.to_le_bytes());
        }
        self.directory.extend_from_slice(&(name.len() as u16).to_le_bytes());
        self.directory.extend_from_slice(&[0; 12]);
        self.directory.extend_from_slice(&offset.to_le_bytes());
        self.directory.extend_from_slice(name);
        self.entries += 1;
    }

    fn finish(self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&self.body)?;
        out.write_all(&self.directory)?;
        out.write_all(&0x0605_4b50u32.to_le_bytes())?;
        out.write_all(&[0; 4])?;
        out.write_all(&self.entries.to_le_bytes())?;
        out.write_all(&self.entries.to_le_bytes())?;
        out.write_all(&(self.directory.len() as u32).to_le_bytes())?;
        out.write_all(&(self.body.len() as u32).to_le_bytes())?;
        out.write_all(&[0; 2])
    }
}

/// The CRC-32 (IEEE) of `data`, bit by bit.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_a_known_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!([0, 25, 26, 27, 701, 702].map(column_name), ["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    #[test]
    fn serial_numbers_count_days_from_1899_12_30() {
        let noon = NaiveDate::from_ymd_opt(2025, 10, 13).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap();
        assert_eq!(serial(noon), 45943.5);
    }
}
