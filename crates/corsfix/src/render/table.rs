//! Tables that fit the width, or become a list when they cannot.
//!
//! Columns keep their natural width when the whole table fits. When it does not, columns
//! marked optional are dropped from the right; when it still does not fit, each row becomes a
//! list entry: the first column, then the others as `header: value` prose wrapped below it.

use owo_colors::{OwoColorize as _, Style};
use unicode_width::UnicodeWidthStr as _;

use super::text::Text;

/// A column: its header and whether it may be dropped to fit.
pub(crate) struct Column {
    pub(crate) header: &'static str,
    pub(crate) optional: bool,
}

/// Rows of cells under [`Column`]s.
pub(crate) struct Table {
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Vec<String>>,
}

const GAP: usize = 2;

impl Table {
    /// The lines to print at `width` columns.
    pub(crate) fn lines(&self, width: usize) -> Vec<String> {
        let natural: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r.get(c).map_or(0, |s| s.width()))
                    .chain([self.columns[c].header.width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        let total = |shown: &[usize]| {
            shown.iter().map(|&c| natural[c]).sum::<usize>() + GAP * shown.len().saturating_sub(1)
        };
        while total(&shown) > width {
            match shown.iter().rposition(|&c| self.columns[c].optional) {
                Some(i) => {
                    shown.remove(i);
                }
                None => return self.as_list(width),
            }
        }
        let mut out = Vec::new();
        let row = |cells: Vec<String>| {
            let mut line = String::new();
            let last = shown.len() - 1;
            for (i, (&c, cell)) in shown.iter().zip(cells).enumerate() {
                let pad = natural[c].saturating_sub(cell.width());
                if i == last {
                    line.push_str(&cell);
                } else {
                    line.push_str(&cell);
                    line.push_str(&" ".repeat(pad + GAP));
                }
            }
            line.trim_end().to_owned()
        };
        let header: Vec<String> = shown
            .iter()
            .map(|&c| self.columns[c].header.to_owned())
            .collect();
        out.push(row(header).bold().to_string());
        for r in &self.rows {
            out.push(row(shown
                .iter()
                .map(|&c| r.get(c).cloned().unwrap_or_default())
                .collect()));
        }
        out
    }

    fn as_list(&self, width: usize) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.rows {
            out.push(r.first().cloned().unwrap_or_default().bold().to_string());
            let mut text = Text::new();
            for (c, cell) in r.iter().enumerate().skip(1) {
                if cell.is_empty() {
                    continue;
                }
                let label = format!("{}: ", self.columns[c].header.to_ascii_lowercase());
                text = text
                    .add(&label, Style::new().dimmed())
                    .add(cell, Style::new());
                if c + 1 < r.len() {
                    text = text.add(";  ", Style::new());
                }
            }
            out.extend(text.wrap(width, "    ", "    "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, Table};

    fn table() -> Table {
        Table {
            columns: vec![
                Column {
                    header: "ID",
                    optional: false,
                },
                Column {
                    header: "LIBRARY",
                    optional: true,
                },
                Column {
                    header: "NAME",
                    optional: false,
                },
            ],
            rows: vec![
                vec!["express".into(), "cors".into(), "Express + cors".into()],
                vec![
                    "spring-security".into(),
                    "spring-security CorsConfigurationSource".into(),
                    "Spring Security".into(),
                ],
            ],
        }
    }

    #[test]
    fn a_table_that_fits_keeps_every_column() {
        let lines = table().lines(100);
        assert_eq!(
            lines[1],
            "express          cors                                     Express + cors"
        );
    }

    #[test]
    fn optional_columns_go_first_then_it_becomes_a_list() {
        let lines = table().lines(40);
        assert_eq!(lines[1], "express          Express + cors");
        assert!(lines.iter().all(|l| l.len() <= 40));
        let lines: Vec<String> = table()
            .lines(20)
            .iter()
            .map(|l| super::super::text::strip_ansi(l))
            .collect();
        assert_eq!(lines[0], "express");
        assert!(lines[1].starts_with("    library: cors;"), "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.trim_start().starts_with("name: Express")),
            "{lines:?}"
        );
    }
}
