//! Mutants of a docs page: line mutations on the Markdown, aimed at the property tables.

use super::hostile;
use super::rng::Rng;

/// One mutant of a page's text: one to three mutations.
pub fn mutant(page: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = page.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        mutate(&mut lines, rng);
    }
    lines.join("\n")
}

fn mutate(lines: &mut Vec<String>, rng: &mut Rng) {
    let rows: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with("| `"))
        .map(|(index, _)| index)
        .collect();
    let row = if rows.is_empty() {
        rng.below(lines.len())
    } else {
        *rng.pick(&rows)
    };
    let index = rng.below(lines.len());
    match rng.below(8) {
        0 => set_cell(&mut lines[row], 1, &format!("`{}`", pick_name(rng))),
        1 => {
            let depth = *rng.pick(&[3, 9, 16_000]);
            set_cell(
                &mut lines[row],
                2,
                &format!("{}string", "array of ".repeat(depth)),
            );
        }
        2 => {
            let texts = hostile::texts();
            let text = rng.pick(&texts).replace('\n', " ");
            set_cell(&mut lines[row], 4, &text);
        }
        3 => {
            let line = lines[index].clone();
            lines.insert(index, line);
        }
        4 => {
            lines.remove(index);
        }
        5 => lines[index].push_str(&"[".repeat(*rng.pick(&[10, 50_000]))),
        6 => {
            let texts = hostile::texts();
            lines[index] = rng.pick(&texts).clone();
        }
        _ => lines.truncate(index),
    }
}

fn pick_name(rng: &mut Rng) -> String {
    let names = hostile::names();
    rng.pick(&names).replace(['|', '`', '\n', '\r'], "")
}

/// Replaces cell `column` (1-based, after the leading `|`) of a table row.
fn set_cell(row: &mut String, column: usize, text: &str) {
    let mut cells: Vec<String> = row.split('|').map(str::to_owned).collect();
    if column < cells.len() {
        cells[column] = format!(" {text} ");
        *row = cells.join("|");
    }
}
