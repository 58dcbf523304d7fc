//! The component schemas lowered in two halves beside each other: they are most of a lowering, and
//! each is lowered on its own (a component reads the spec, never a type another one made).

use openapiv3::{ReferenceOr, Schema};

use super::lower::Lowerer;

/// Fewer components than this are lowered in one pass: a thread costs more than it saves.
const MIN_SPLIT: usize = 64;

impl<'a> Lowerer<'a> {
    /// Lowers every component schema, in order. Each half goes to a copy of this lowerer and
    /// the copies' types, names and diagnostics are joined in order, which is what one pass
    /// gives, unless both halves claimed one inline name: then one pass runs instead, so the
    /// collision is reported as it always is.
    pub(super) fn lower_components(
        &mut self,
        components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    ) {
        let all: Vec<(&String, &ReferenceOr<Schema>)> = components.iter().collect();
        if all.len() < MIN_SPLIT {
            self.lower_each(&all);
            return;
        }
        let (first, second) = all.split_at(all.len() / 2);
        let (mut earlier, mut later) = (self.copy(), self.copy());
        crate::threads::join(|| earlier.lower_each(first), || later.lower_each(second));
        if self.claimed_by_both(&earlier, &later) {
            self.lower_each(&all);
            return;
        }
        self.absorb(earlier);
        self.absorb(later);
    }

    fn lower_each(&mut self, components: &[(&String, &ReferenceOr<Schema>)]) {
        for (name, schema) in components {
            self.lower_component(name, schema);
        }
    }
}
