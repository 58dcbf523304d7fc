//! The limits check of the types a request sends (`impl CheckLimits`): one block per property
//! with limits or holding a limited type, in field order; and `impl Interval` for the interval
//! objects that `x-max-interval` bounds.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::format::Splices;
use super::imports::Imports;
use super::limits_text::{self, Check};
use super::names::{ident, plain_ident, plain_literal};
use crate::ir::{
    decimal_parts, Api, Bound, Field, IntervalEnds, IntervalUnit, Layout, Limits, MaxInterval,
    Presence, Shape, Struct, TypeDef, TypeRef, Union,
};

/// What the checks need to know about the whole API.
pub struct Checks<'a> {
    /// Types whose sent values can break a limit.
    limited: BTreeSet<&'a str>,
    /// Request bodies: they implement `CheckLimits` even with nothing to check, since the
    /// client checks every request.
    bodies: BTreeSet<&'a str>,
    /// Aliases, resolved to see which checks a value takes.
    aliases: BTreeMap<&'a str, &'a TypeRef>,
}

impl<'a> Checks<'a> {
    pub fn new(api: &'a Api) -> Self {
        Checks {
            limited: api
                .types
                .iter()
                .filter(|def| def.limited)
                .map(|def| def.name.as_str())
                .collect(),
            bodies: api
                .operations
                .iter()
                .map(|op| op.request.as_str())
                .collect(),
            aliases: api
                .types
                .iter()
                .filter_map(|def| match &def.shape {
                    Shape::Alias(target) => Some((def.name.as_str(), target)),
                    _ => None,
                })
                .collect(),
        }
    }

    fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        match ty {
            TypeRef::Named(name) => match self.aliases.get(name.as_str()) {
                Some(target) => self.resolve(target),
                None => ty,
            },
            TypeRef::Boxed(inner) => self.resolve(inner),
            _ => ty,
        }
    }

    fn contains_limited(&self, ty: &TypeRef) -> bool {
        ty.named().is_some_and(|name| self.limited.contains(name))
    }
}

/// `impl CheckLimits` (and `impl Interval`) for a struct, when a request sends it.
pub fn for_struct(
    def: &TypeDef,
    object: &Struct,
    checks: &Checks<'_>,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    let interval = object
        .interval
        .as_ref()
        .map(|ends| interval_impl(def, object, ends, imports));
    let body = !def.limited && checks.bodies.contains(def.name.as_str());
    if !def.limited && !body {
        return quote!(#interval);
    }
    if let Some(text) = check_limits_text(def, object, checks, imports) {
        let placeholder = splices.add(text);
        return quote!(#placeholder #interval);
    }
    let tokens = check_limits_tokens(def, object, checks, imports);
    quote!(#tokens #interval)
}

/// The struct's `impl CheckLimits` as text ([`limits_text`]), when its printer knows the layout.
/// Names are taken from `imports` under the same conditions as the tokens take them.
fn check_limits_text(
    def: &TypeDef,
    object: &Struct,
    checks: &Checks<'_>,
    imports: &mut Imports,
) -> Option<String> {
    let check_limits = imports.runtime_text("CheckLimits");
    if !plain_ident(&def.name) {
        return None;
    }
    let mut fields = Vec::new();
    for field in &object.fields {
        if let Some(check) = field_check_text(field, checks, imports)? {
            fields.push(check);
        }
    }
    let (path, violation) = if fields.is_empty() {
        (String::new(), String::new())
    } else {
        (
            imports.runtime_text("JsonPath"),
            imports.runtime_text("Violation"),
        )
    };
    let names = limits_text::Names {
        check_limits: &check_limits,
        path: &path,
        violation: &violation,
    };
    limits_text::render(&def.name, &names, &fields)
}

/// [`field_check`] as [`Check`]s: `Some(None)` for a field without checks, `None` when a name
/// or a literal would print otherwise.
fn field_check_text(
    field: &Field,
    checks: &Checks<'_>,
    imports: &mut Imports,
) -> Option<Option<Check>> {
    let recurse = checks.contains_limited(&field.ty);
    if field.limits.is_empty() && !recurse {
        return Some(None);
    }
    let (update_value, ty) = match &field.ty {
        TypeRef::UpdateValue(inner) => (true, &**inner),
        ty => (false, ty),
    };
    let mut body = own_checks_text(&field.limits, checks.resolve(ty), imports)?;
    if recurse {
        body.push(Check::Line("value.check_limits(&at)?;".to_owned()));
    }
    if update_value {
        let mut inner = vec![Check::Line("let at = at.key(\"Value\");".to_owned())];
        inner.append(&mut body);
        body = vec![Check::Block(
            "if let Some(value) = &value.value".to_owned(),
            inner,
        )];
    }
    let (name, json) = (&field.rust_name, &field.json_name);
    if !plain_ident(name) || !plain_literal(json) {
        return None;
    }
    let mut block = vec![Check::Line(format!("let at = at.key(\"{json}\");"))];
    match field.presence {
        Presence::Required => {
            block.push(Check::Line(format!("let value = &self.{name};")));
            block.append(&mut body);
        }
        Presence::RequiredNullable | Presence::Optional => {
            block.push(Check::Block(
                format!("if let Some(value) = &self.{name}"),
                body,
            ));
        }
    }
    Some(Some(Check::Block(String::new(), block)))
}

/// [`own_checks`] as [`Check`]s.
fn own_checks_text(limits: &Limits, ty: &TypeRef, imports: &mut Imports) -> Option<Vec<Check>> {
    let mut checks = Vec::new();
    let option = |n: Option<u64>| n.map_or_else(|| "None".to_owned(), |n| format!("Some({n})"));
    if limits.min_items.is_some() || limits.max_items.is_some() {
        let check = imports.runtime_text("check_items");
        let (min, max) = (option(limits.min_items), option(limits.max_items));
        checks.push(Check::Line(format!("{check}(value, {min}, {max}, &at)?;")));
    }
    if limits.unique_items {
        let check = imports.runtime_text("check_unique");
        checks.push(Check::Line(format!("{check}(value, &at)?;")));
    }
    if limits.min_length.is_some() || limits.max_length.is_some() {
        let check = imports.runtime_text("check_length");
        let (min, max) = (option(limits.min_length), option(limits.max_length));
        let text = match ty {
            TypeRef::HybridId => "value.as_str()",
            _ => "value",
        };
        checks.push(Check::Line(format!("{check}({text}, {min}, {max}, &at)?;")));
    }
    for (bound, function) in [
        (&limits.minimum, "check_minimum"),
        (&limits.maximum, "check_maximum"),
    ] {
        if let Some(bound) = bound {
            let check = imports.runtime_text(function);
            let literal = bound_literal_text(bound, ty, imports)?;
            let (text, exclusive) = (&bound.text, bound.exclusive);
            if !plain_literal(text) {
                return None;
            }
            checks.push(Check::Line(format!(
                "{check}(value, &{literal}, \"{text}\", {exclusive}, &at)?;"
            )));
        }
    }
    if let Some(max) = &limits.max_interval {
        let check = imports.runtime_text("check_interval");
        let max = max_interval_text(max, imports)?;
        checks.push(Check::Line(format!("{check}(value, {max}, &at)?;")));
    }
    if let (Some(items), TypeRef::Vec(item)) = (&limits.items, ty) {
        let mut each = vec![Check::Line("let at = at.index(index);".to_owned())];
        each.append(&mut own_checks_text(items, item, imports)?);
        checks.push(Check::Block(
            "for (index, value) in value.iter().enumerate()".to_owned(),
            each,
        ));
    }
    Some(checks)
}

/// [`bound_literal`] as text.
fn bound_literal_text(bound: &Bound, ty: &TypeRef, imports: &mut Imports) -> Option<String> {
    match ty {
        TypeRef::Decimal => {
            let (mantissa, scale) = decimal_parts(&bound.text).unwrap_or_default();
            let decimal = imports.ty_text(&TypeRef::Decimal);
            Some(format!(
                "{decimal}::from_i128_with_scale({mantissa}, {scale})"
            ))
        }
        _ => limits_text::plain_number(&bound.text).then(|| bound.text.clone()),
    }
}

/// `impl CheckLimits` for a struct, as tokens.
fn check_limits_tokens(
    def: &TypeDef,
    object: &Struct,
    checks: &Checks<'_>,
    imports: &mut Imports,
) -> TokenStream {
    let check_limits = imports.runtime("CheckLimits");
    let name = ident(&def.name);
    let fields: Vec<TokenStream> = object
        .fields
        .iter()
        .filter_map(|field| field_check(field, checks, imports))
        .collect();
    if fields.is_empty() {
        return quote!(impl #check_limits for #name {});
    }
    let (path, violation) = (imports.runtime("JsonPath"), imports.runtime("Violation"));
    quote! {
        impl #check_limits for #name {
            fn check_limits(&self, at: &#path<'_>) -> Result<(), #violation> {
                #(#fields)*
                Ok(())
            }
        }
    }
}

/// `impl CheckLimits` for a sent union whose arms' payloads state limits.
pub fn for_union(
    def: &TypeDef,
    union: &Union,
    checks: &Checks<'_>,
    imports: &mut Imports,
) -> TokenStream {
    if !def.limited {
        return TokenStream::new();
    }
    let check_limits = imports.runtime("CheckLimits");
    let (path, violation) = (imports.runtime("JsonPath"), imports.runtime("Violation"));
    let name = ident(&def.name);
    let arms = union
        .arms
        .iter()
        .filter(|arm| {
            arm.payload
                .as_ref()
                .is_some_and(|ty| checks.contains_limited(ty))
        })
        .map(|arm| {
            let variant = ident(&arm.variant);
            let key = match (&union.layout, &arm.property) {
                (Layout::Sibling, Some(property)) => property.as_str(),
                (Layout::Adjacent { value }, _) => value.as_str(),
                (Layout::Sibling, None) => arm.value.as_str(),
                // The arm's fields are beside the tag: their paths are the union's own.
                (Layout::Internal, _) => {
                    return quote!(Self::#variant(value) => value.check_limits(at),);
                }
            };
            quote!(Self::#variant(value) => value.check_limits(&at.key(#key)),)
        });
    quote! {
        impl #check_limits for #name {
            fn check_limits(&self, at: &#path<'_>) -> Result<(), #violation> {
                match self {
                    #(#arms)*
                    _ => Ok(()),
                }
            }
        }
    }
}

/// The checks of one field, in a block of its own (`at` is the field's path there), or nothing.
fn field_check(field: &Field, checks: &Checks<'_>, imports: &mut Imports) -> Option<TokenStream> {
    let recurse = checks.contains_limited(&field.ty);
    if field.limits.is_empty() && !recurse {
        return None;
    }
    let (update_value, ty) = match &field.ty {
        TypeRef::UpdateValue(inner) => (true, &**inner),
        ty => (false, ty),
    };
    let mut body = own_checks(&field.limits, checks.resolve(ty), imports);
    if recurse {
        body.extend(quote!(value.check_limits(&at)?;));
    }
    if update_value {
        // The limits apply to the new value: `{"Value": ...}`.
        body = quote! {
            if let Some(value) = &value.value {
                let at = at.key("Value");
                #body
            }
        };
    }
    let name = ident(&field.rust_name);
    let json = &field.json_name;
    let bound = match field.presence {
        Presence::Required => quote! {
            let value = &self.#name;
            #body
        },
        Presence::RequiredNullable | Presence::Optional => quote! {
            if let Some(value) = &self.#name {
                #body
            }
        },
    };
    Some(quote! {
        {
            let at = at.key(#json);
            #bound
        }
    })
}

/// The checks of `limits` on `value` (a binding of type `ty`, aliases resolved), at `at`.
fn own_checks(limits: &Limits, ty: &TypeRef, imports: &mut Imports) -> TokenStream {
    let mut checks = TokenStream::new();
    let option = |n: Option<u64>| match n {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    if limits.min_items.is_some() || limits.max_items.is_some() {
        let check = imports.runtime("check_items");
        let (min, max) = (option(limits.min_items), option(limits.max_items));
        checks.extend(quote!(#check(value, #min, #max, &at)?;));
    }
    if limits.unique_items {
        let check = imports.runtime("check_unique");
        checks.extend(quote!(#check(value, &at)?;));
    }
    if limits.min_length.is_some() || limits.max_length.is_some() {
        let check = imports.runtime("check_length");
        let (min, max) = (option(limits.min_length), option(limits.max_length));
        let text = match ty {
            TypeRef::HybridId => quote!(value.as_str()),
            _ => quote!(value),
        };
        checks.extend(quote!(#check(#text, #min, #max, &at)?;));
    }
    for (bound, function) in [
        (&limits.minimum, "check_minimum"),
        (&limits.maximum, "check_maximum"),
    ] {
        if let Some(bound) = bound {
            let check = imports.runtime(function);
            let literal = bound_literal(bound, ty, imports);
            let (text, exclusive) = (&bound.text, bound.exclusive);
            checks.extend(quote!(#check(value, &#literal, #text, #exclusive, &at)?;));
        }
    }
    if let Some(max) = &limits.max_interval {
        let check = imports.runtime("check_interval");
        let max = max_interval(max, imports);
        checks.extend(quote!(#check(value, #max, &at)?;));
    }
    if let (Some(items), TypeRef::Vec(item)) = (&limits.items, ty) {
        let each = own_checks(items, item, imports);
        checks.extend(quote! {
            for (index, value) in value.iter().enumerate() {
                let at = at.index(index);
                #each
            }
        });
    }
    checks
}

/// A bound as a value of the field's type: an integer literal, or an exact `Decimal`.
fn bound_literal(bound: &Bound, ty: &TypeRef, imports: &mut Imports) -> TokenStream {
    match ty {
        TypeRef::Decimal => {
            // Checked by the IR: the text is an exact decimal.
            let (mantissa, scale) = decimal_parts(&bound.text).unwrap_or_default();
            let decimal = imports.ty(&TypeRef::Decimal);
            let mantissa = Literal::i128_unsuffixed(mantissa);
            let scale = Literal::u32_unsuffixed(scale);
            quote!(#decimal::from_i128_with_scale(#mantissa, #scale))
        }
        _ => bound.text.parse().unwrap_or_default(),
    }
}

/// `MaxInterval::new(3, IntervalUnit::Months)`.
pub fn max_interval(max: &MaxInterval, imports: &mut Imports) -> TokenStream {
    let (interval, unit_type) = (
        imports.runtime("MaxInterval"),
        imports.runtime("IntervalUnit"),
    );
    let unit = ident(unit_name(max.unit));
    let amount = Literal::u32_unsuffixed(max.amount);
    quote!(#interval::new(#amount, #unit_type::#unit))
}

/// [`max_interval`] as text (`None` when a runtime name would print otherwise).
pub fn max_interval_text(max: &MaxInterval, imports: &mut Imports) -> Option<String> {
    let interval = imports.runtime_text("MaxInterval");
    let unit_type = imports.runtime_text("IntervalUnit");
    let unit = unit_name(max.unit);
    Some(format!(
        "{interval}::new({}, {unit_type}::{unit})",
        max.amount
    ))
}

/// The runtime's `IntervalUnit` variant.
fn unit_name(unit: IntervalUnit) -> &'static str {
    match unit {
        IntervalUnit::Hours => "Hours",
        IntervalUnit::Days => "Days",
        IntervalUnit::Weeks => "Weeks",
        IntervalUnit::Months => "Months",
        IntervalUnit::Years => "Years",
    }
}

/// `impl Interval`: the runtime reads and sets the ends to check and split the interval.
fn interval_impl(
    def: &TypeDef,
    object: &Struct,
    ends: &IntervalEnds,
    imports: &mut Imports,
) -> TokenStream {
    let interval = imports.runtime("Interval");
    let name = ident(&def.name);
    // The fields' type without the `Option` of optional ends.
    let end_type = object
        .fields
        .iter()
        .find(|field| field.rust_name == ends.start)
        .map(|field| imports.ty(&field.ty))
        .unwrap_or_default();
    let (start, end) = (ident(&ends.start), ident(&ends.end));
    let (read, write) = if ends.optional {
        (
            quote!(Some((self.#start?, self.#end?))),
            quote!(self.#start = Some(start); self.#end = Some(end);),
        )
    } else {
        (
            quote!(Some((self.#start, self.#end))),
            quote!(self.#start = start; self.#end = end;),
        )
    };
    quote! {
        impl #interval for #name {
            type End = #end_type;

            fn ends(&self) -> Option<(#end_type, #end_type)> {
                #read
            }

            fn set_ends(&mut self, start: #end_type, end: #end_type) {
                #write
            }
        }
    }
}

#[cfg(test)]
#[path = "limits_text_tests.rs"]
mod text_tests;
