//! What is analyzed together: a [`Unit`] (the files of a package, or one
//! file) with its [`Edition`], and the files once syn has parsed them. Every
//! layer above the sources reads these types; they import nothing but
//! [`source`](crate::source).

use std::str::FromStr;

use crate::source::{FileId, SourceFile};

/// The Rust edition the code is written in; it changes when temporaries in an
/// `if let` scrutinee are dropped (2024: before `else`; 2021: after the whole `if let`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edition {
    E2015,
    E2018,
    #[default]
    E2021,
    E2024,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2015 => "2015",
            Edition::E2018 => "2018",
            Edition::E2021 => "2021",
            Edition::E2024 => "2024",
        }
    }
}

impl FromStr for Edition {
    type Err = String;

    fn from_str(s: &str) -> Result<Edition, String> {
        match s {
            "2015" => Ok(Edition::E2015),
            "2018" => Ok(Edition::E2018),
            "2021" => Ok(Edition::E2021),
            "2024" => Ok(Edition::E2024),
            other => Err(format!(
                "unknown edition `{other}` (expected 2015, 2018, 2021 or 2024)"
            )),
        }
    }
}

/// What is analyzed together: helper functions called from a thread are
/// followed across the files of one unit.
#[derive(Clone, Debug)]
pub struct Unit {
    pub files: Vec<SourceFile>,
    pub edition: Edition,
}

impl Unit {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
}

/// A file parsed by syn.
pub struct ParsedFile<'a> {
    pub id: FileId,
    pub source: &'a SourceFile,
    pub syntax: Syntax,
    /// Where syn's text starts in the file: syn skips a byte order mark and a shebang line.
    pub base: usize,
}

/// A file's syntax: the whole tree, or, for a large file, the slices of
/// its text that each hold whole top-level items. A slice is parsed when
/// the model reads it and dropped before the next one, so that only one
/// slice's tree is in memory at a time (syn's tree takes about 90 times
/// the text it is parsed from).
#[derive(Clone)]
pub enum Syntax {
    Whole(syn::File),
    /// Byte ranges of the file, in order, covering it from its first byte;
    /// each but the first starts at the start of a line.
    Sliced(Vec<std::ops::Range<usize>>),
}
