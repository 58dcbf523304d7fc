//! The crate's front page (its rustdoc): the spec's title, the spec's `info.description` (for the
//! Connector API, the guide of `spec/descriptions.yaml`: quick start, picking resources, errors,
//! limits, pagination, events), then the resources and their features, from the IR.

use crate::ir::Api;

/// The markdown of the crate documentation.
pub fn text(api: &Api) -> String {
    let mut page = format!("# {}\n\n", api.title.trim());
    match api.description.as_deref().map(str::trim) {
        Some(description) if !description.is_empty() => page.push_str(description),
        _ => page.push_str("Typed bindings generated from the API's OpenAPI spec."),
    }
    page.push_str("\n\n");
    page.push_str(&resources(api));
    page
}

/// One row per resource: its cargo feature, its accessor on the client, its operations.
fn resources(api: &Api) -> String {
    let mut rows = Vec::new();
    for module in &api.modules {
        let Some(resource) = &module.resource else {
            continue;
        };
        let operations = api
            .operations
            .iter()
            .filter(|operation| &operation.resource == resource)
            .count();
        rows.push(format!(
            "| `{}` | `client.{}()` | `{resource}` | {operations} |",
            module.feature(),
            module.name
        ));
    }
    let total: usize = api.operations.len();
    format!(
        "## Resources\n\n\
         Each resource of the API is a cargo feature that compiles its module (its accessor on \
         the client, its operations and the types they use); `all-resources` enables every one. \
         A type of a resource whose feature is off is a compile error that names the feature to \
         enable.\n\n\
         | feature | accessor | resource | operations |\n\
         | --- | --- | --- | ---: |\n\
         {}\n\
         | | | **{} resources** | **{total}** |",
        rows.join("\n"),
        rows.len()
    )
}
