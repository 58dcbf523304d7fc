//! Draws over the fuzz tests' seeded generator (`../fuzz/rng.rs`): an item of a list that may
//! be empty, and a kind of mutation by weight.

use super::rng::Rng;

/// An item of `items`, or `None` when there is none.
pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| rng.pick(items))
}

/// A mutation of a state `S` (pages or a spec), given the import `I` before it.
pub type Mutate<S, I, E> = fn(&mut S, &mut Rng, usize, &I) -> Option<E>;

/// A kind drawn by its weight (in percent), then each other in turn when the drawn one has no
/// candidate: the first of `kinds` that makes a mutation.
pub fn mutation<S, I, E>(
    kinds: &[(usize, Mutate<S, I, E>)],
    state: &mut S,
    rng: &mut Rng,
    n: usize,
    before: &I,
) -> Option<E> {
    let mut draw = rng.below(kinds.iter().map(|(weight, _)| weight).sum::<usize>().max(1));
    let mut first = 0;
    for (index, (weight, _)) in kinds.iter().enumerate() {
        if draw < *weight {
            first = index;
            break;
        }
        draw -= weight;
    }
    (0..kinds.len())
        .find_map(|offset| (kinds[(first + offset) % kinds.len()].1)(state, rng, n, before))
}
