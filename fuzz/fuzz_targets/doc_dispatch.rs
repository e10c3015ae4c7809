//! Fuzz `extract`'s dispatch: any bytes under any format's name, so the sniffing that reads a PDF named .docx (or an RTF named .doc) as what it is meets every reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillmatch::text::extract::DocFormat;
use std::path::Path;

const FORMATS: [DocFormat; 8] = [
    DocFormat::Txt,
    DocFormat::Md,
    DocFormat::Html,
    DocFormat::Pdf,
    DocFormat::Docx,
    DocFormat::Odt,
    DocFormat::Rtf,
    DocFormat::Doc,
];

fuzz_target!(|data: &[u8]| skillmatch_fuzz::run(|| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    // Now and then a lock file's name (~$…), which must be refused whatever the bytes.
    let name = if pick >= 0xF8 { format!("~$cv.{}", format.name()) } else { format!("cv.{}", format.name()) };
    skillmatch_fuzz::check_extracted(Path::new(&name), rest, format);
}));
