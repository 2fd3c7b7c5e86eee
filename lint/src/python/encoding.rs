//! How a Python file's bytes become text (PEP 263): a UTF-8 byte order mark;
//! else a coding declaration (`# -*- coding: latin-1 -*-`) on line 1, or on
//! line 2 when line 1 is blank or a comment; else UTF-8. The codecs are
//! `encoding_rs`'s, except Latin-1 and ASCII, which Python reads byte for
//! byte (the web's labels map both to windows-1252).

use encoding_rs::DecoderResult;

use crate::source::FileLocation;

/// The encoding a source file was read in; its text is kept decoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceEncoding {
    #[default]
    Utf8,
    /// ISO-8859-1: each byte is the character of the same number.
    Latin1,
    Ascii,
    Other(&'static encoding_rs::Encoding),
}

impl SourceEncoding {
    /// The text as bytes in this encoding, or `None` when a character has no
    /// byte form in it.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            SourceEncoding::Utf8 => Some(text.as_bytes().to_vec()),
            SourceEncoding::Latin1 => text.chars().map(|c| u8::try_from(c).ok()).collect(),
            SourceEncoding::Ascii => text.is_ascii().then(|| text.as_bytes().to_vec()),
            SourceEncoding::Other(encoding) => {
                let (bytes, _, unmappable) = encoding.encode(text);
                (!unmappable).then(|| bytes.into_owned())
            }
        }
    }
}

/// Why a Python file cannot be read as text, as Python would refuse it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Lowercase, no period.
    pub reason: String,
    pub location: Option<FileLocation>,
}

/// The declaration found on line 1 or 2: its name as written and its line.
struct Declaration<'a> {
    name: &'a str,
    line: usize,
    column: usize,
    byte: usize,
}

/// Decodes a Python file. A leading byte order mark is kept in the text, as
/// for Rust files, so that UTF-8 text keeps its byte offsets.
pub fn decode(bytes: Vec<u8>) -> Result<(String, SourceEncoding), DecodeError> {
    let bom = bytes.starts_with(b"\xef\xbb\xbf");
    let declaration = declaration(&bytes);
    let encoding = match &declaration {
        None => SourceEncoding::Utf8,
        Some(declared) => {
            let Some(encoding) = lookup(declared.name) else {
                return Err(at_declaration(
                    declared,
                    format!(
                        "unknown encoding `{}` declared on line {}",
                        declared.name, declared.line
                    ),
                ));
            };
            if bom && normal_name(declared.name) != "utf-8" {
                return Err(at_declaration(
                    declared,
                    format!(
                        "the file starts with a UTF-8 byte order mark but declares `{}` on line {}",
                        declared.name, declared.line
                    ),
                ));
            }
            encoding
        }
    };
    let label = declaration.as_ref().map_or("UTF-8", |d| d.name).to_string();
    let text = match encoding {
        SourceEncoding::Utf8 => String::from_utf8(bytes).map_err(|error| {
            let valid = error.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&error.as_bytes()[..valid]).expect("valid up to here");
            invalid(&label, prefix, valid)
        })?,
        SourceEncoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        SourceEncoding::Ascii => match bytes.iter().position(|b| !b.is_ascii()) {
            None => String::from_utf8(bytes).expect("ASCII is UTF-8"),
            Some(bad) => {
                let prefix = std::str::from_utf8(&bytes[..bad]).expect("ASCII is UTF-8");
                return Err(invalid(&label, prefix, bad));
            }
        },
        SourceEncoding::Other(codec) => {
            let mut decoder = codec.new_decoder_without_bom_handling();
            let capacity = decoder
                .max_utf8_buffer_length_without_replacement(bytes.len())
                .unwrap_or(usize::MAX / 4);
            let mut text = String::with_capacity(capacity);
            let (result, read) =
                decoder.decode_to_string_without_replacement(&bytes, &mut text, true);
            match result {
                DecoderResult::InputEmpty => text,
                DecoderResult::Malformed(bad, after) => {
                    let byte = read - usize::from(bad) - usize::from(after);
                    return Err(invalid(&label, &text, byte));
                }
                DecoderResult::OutputFull => {
                    return Err(DecodeError {
                        reason: "the file is too large to decode".into(),
                        location: None,
                    });
                }
            }
        }
    };
    Ok((text, encoding))
}

/// The error for bytes that are not text in the file's encoding: located
/// after the text decoded so far (`prefix`), at byte `byte` of the file.
fn invalid(label: &str, prefix: &str, byte: usize) -> DecodeError {
    let line = prefix.matches('\n').count() + 1;
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    let column = prefix[line_start..].chars().count() + 1;
    DecodeError {
        reason: format!("invalid {label} at line {line}, column {column}"),
        location: Some(FileLocation { byte, line, column }),
    }
}

fn at_declaration(declared: &Declaration<'_>, reason: String) -> DecodeError {
    DecodeError {
        reason,
        location: Some(FileLocation {
            byte: declared.byte,
            line: declared.line,
            column: declared.column,
        }),
    }
}

/// The coding declaration of line 1, or of line 2 when line 1 is blank or
/// only a comment: Python's `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn declaration(bytes: &[u8]) -> Option<Declaration<'_>> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let offset = bytes.len() - body.len();
    let first_end = body
        .iter()
        .position(|&b| b == b'\n')
        .map_or(body.len(), |i| i + 1);
    let first = &body[..first_end];
    if let Some(found) = declaration_in(first, 1, offset) {
        return Some(found);
    }
    let blank = first
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .is_none_or(|&b| matches!(b, b'#' | b'\r' | b'\n'));
    if !blank {
        return None;
    }
    let rest = &body[first_end..];
    let second = &rest[..rest
        .iter()
        .position(|&b| b == b'\n')
        .map_or(rest.len(), |i| i + 1)];
    declaration_in(second, 2, offset + first_end)
}

fn declaration_in(line: &[u8], number: usize, offset: usize) -> Option<Declaration<'_>> {
    let indent = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))?;
    if line[indent] != b'#' {
        return None;
    }
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    let mut from = indent + 1;
    while let Some(at) = find(&line[from..], b"coding").map(|i| i + from) {
        from = at + 1;
        let mut i = at + b"coding".len();
        if !matches!(line.get(i), Some(b':' | b'=')) {
            continue;
        }
        i += 1;
        while matches!(line.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let end = line[i..]
            .iter()
            .position(|&b| !is_name(b))
            .map_or(line.len(), |n| i + n);
        if end > i {
            let name = std::str::from_utf8(&line[i..end]).expect("ASCII");
            // Everything before the name is ASCII or a comment's text: count characters.
            let column = String::from_utf8_lossy(&line[..i]).chars().count() + 1;
            return Some(Declaration {
                name,
                line: number,
                column,
                byte: offset + i,
            });
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// CPython's tokenizer's normal name: `utf-8` and the Latin-1 spellings.
fn normal_name(name: &str) -> String {
    let head: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if head == "utf-8" || head.starts_with("utf-8-") {
        return "utf-8".into();
    }
    for latin in ["latin-1", "iso-8859-1", "iso-latin-1"] {
        if head == latin || head.starts_with(&format!("{latin}-")) {
            return "iso-8859-1".into();
        }
    }
    name.to_string()
}

/// The codec of a declared name, as Python's `codecs.lookup` finds it.
fn lookup(name: &str) -> Option<SourceEncoding> {
    let name = normal_name(name).to_ascii_lowercase();
    let python = name.replace(['-', ' '], "_");
    match python.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => {
            return Some(SourceEncoding::Utf8);
        }
        "iso_8859_1" | "latin_1" | "latin1" | "latin" | "l1" | "iso8859_1" | "8859" | "cp819"
        | "ibm819" | "iso_ir_100" | "iso_8859_1_1987" | "csisolatin1" => {
            return Some(SourceEncoding::Latin1);
        }
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "iso646_us"
        | "iso_646.irv_1991" | "cp367" | "ibm367" | "csascii" | "iso_ir_6" => {
            return Some(SourceEncoding::Ascii);
        }
        _ => {}
    }
    let spellings = [name.clone(), name.replace('_', "-"), python];
    let encoding = spellings
        .iter()
        .find_map(|label| encoding_rs::Encoding::for_label(label.as_bytes()))?;
    // Labels the web maps to something Python does not read this way.
    let unsupported = [
        encoding_rs::REPLACEMENT,
        encoding_rs::UTF_16LE,
        encoding_rs::UTF_16BE,
        encoding_rs::X_USER_DEFINED,
    ];
    if unsupported.contains(&encoding) {
        return None;
    }
    Some(if encoding == encoding_rs::UTF_8 {
        SourceEncoding::Utf8
    } else {
        SourceEncoding::Other(encoding)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> (String, SourceEncoding) {
        decode(bytes.to_vec()).unwrap()
    }

    #[test]
    fn a_declaration_on_line_one_or_two_chooses_the_codec() {
        let (text, encoding) = ok(b"# -*- coding: latin-1 -*-\ns = '\xe9t\xe9'\n");
        assert_eq!(encoding, SourceEncoding::Latin1);
        assert!(text.ends_with("s = '\u{e9}t\u{e9}'\n"));
        let (text, encoding) =
            ok(b"#!/usr/bin/env python3\n# vim: set fileencoding=koi8-r :\nx = '\xf0'\n");
        assert_eq!(encoding, SourceEncoding::Other(encoding_rs::KOI8_R));
        assert!(text.ends_with("x = '\u{41f}'\n"));
        let (_, encoding) = ok(b"#coding:cp1252\r\n\r\n");
        assert_eq!(encoding, SourceEncoding::Other(encoding_rs::WINDOWS_1252));
    }

    #[test]
    fn a_declaration_after_code_or_on_line_three_is_a_comment() {
        // Line 1 is code: line 2 is not looked at, and the file is UTF-8.
        assert_eq!(ok(b"x = 1\n# coding: latin-1\n").1, SourceEncoding::Utf8);
        assert_eq!(ok(b"#\n#\n# coding: latin-1\n").1, SourceEncoding::Utf8);
        // Without `coding:` or `coding=`, no declaration.
        assert_eq!(ok(b"# encoding latin-1\n").1, SourceEncoding::Utf8);
    }

    #[test]
    fn python_refuses_what_racelint_refuses() {
        let error = decode(b"# coding: uft-8\n".to_vec()).unwrap_err();
        assert_eq!(error.reason, "unknown encoding `uft-8` declared on line 1");
        assert_eq!(error.location.unwrap().column, 11);
        let error = decode(b"\xef\xbb\xbf# coding: latin-1\n".to_vec()).unwrap_err();
        assert!(error.reason.contains("byte order mark"), "{}", error.reason);
        // `utf8` beside a byte order mark: CPython refuses it too.
        assert!(decode(b"\xef\xbb\xbf#coding: utf8\n".to_vec()).is_err());
        assert!(decode(b"\xef\xbb\xbf#coding: utf-8\n".to_vec()).is_ok());
        let error = decode(b"# coding: ascii\nx = '\xe9'\n".to_vec()).unwrap_err();
        assert_eq!(error.reason, "invalid ascii at line 2, column 6");
        assert_eq!(error.location.unwrap().byte, 21);
        let error = decode(b"# coding: shift_jis\nx = '\x81'\n".to_vec()).unwrap_err();
        assert_eq!(error.reason, "invalid shift_jis at line 2, column 6");
        let error = decode(b"x = '\xff'\n".to_vec()).unwrap_err();
        assert_eq!(error.reason, "invalid UTF-8 at line 1, column 6");
    }

    #[test]
    fn text_encodes_back_to_the_same_bytes() {
        for bytes in [
            &b"# coding: latin-1\ns = '\xe9\xff'\n"[..],
            b"# coding: koi8-r\ns = '\xf0\xcf'\n",
            b"# coding: ascii\n",
        ] {
            let (text, encoding) = ok(bytes);
            assert_eq!(encoding.encode(&text).unwrap(), bytes);
        }
        assert_eq!(SourceEncoding::Latin1.encode("\u{20ac}"), None);
    }
}
