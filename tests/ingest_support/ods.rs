//! Writes small OpenDocument spreadsheets (`.ods`) for the spreadsheet tests, so no binary
//! fixture is committed: an `.ods` is a zip whose first entry is the uncompressed `mimetype`,
//! with `META-INF/manifest.xml` and `content.xml` (the sheets), which is all calamine reads.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

/// Writes `sheets` (name, CSV text) as an `.ods` at `path`, each sheet's data starting
/// `offset.0` rows down and `offset.1` columns right (so its used range does not start at
/// A1). Cells that parse as numbers become float cells, empty cells stay empty, the others
/// are strings.
pub fn write_ods(path: &Path, sheets: &[(&str, &str)], offset: (usize, usize)) {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    let empty = |n: usize| {
        format!(r#"<table:table-cell table:number-columns-repeated="{n}"></table:table-cell>"#)
    };
    for (name, csv_text) in sheets {
        content.push_str(&format!(r#"<table:table table:name="{}">"#, escape(name)));
        for _ in 0..offset.0 {
            content.push_str(&format!("<table:table-row>{}</table:table-row>", empty(1)));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv_text.as_bytes());
        for record in reader.records() {
            content.push_str("<table:table-row>");
            if offset.1 > 0 {
                content.push_str(&empty(offset.1));
            }
            for cell in record.unwrap().iter() {
                content.push_str(&match cell.parse::<f64>() {
                    Ok(n) => format!(
                        r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{}</text:p></table:table-cell>"#,
                        escape(cell)
                    ),
                    Err(_) if cell.is_empty() => empty(1),
                    Err(_) => format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        escape(cell)
                    ),
                });
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>\n");

    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut zip = ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", MANIFEST),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
