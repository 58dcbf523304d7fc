//! What the generator can honour, checked before anything is lowered: every construct of the
//! spec that the bindings and the runtime would otherwise drop is refused with its pointer.
//!
//! The runtime sends one kind of request: `POST {base URL}{path}` with a JSON body that carries
//! the `x-envelope` fields, and takes a JSON 200 answer (or an error status). So parameters (in
//! any location), path templates, security other than the body envelope, per-path or
//! per-operation servers, callbacks, and responses other than a JSON 200 and error statuses have
//! nowhere to go. See generator/DESIGN.md, "Scope".

use openapiv3::{OpenAPI, Operation, ReferenceOr, Response, SecurityScheme, StatusCode};

use super::lower::Lowerer;
use crate::error::{pointer, Diagnostic};

/// Why parameters are refused, in every message about one.
const BODY_ONLY: &str = "the client sends every value in the JSON body; make it a property of \
                         the request schema";

impl Lowerer<'_> {
    /// Refuses the spec's constructs the generated client cannot honour.
    pub(super) fn check_scope(&mut self, spec: &OpenAPI) {
        for (index, server) in spec.servers.iter().enumerate() {
            if server.variables.as_ref().is_some_and(|v| !v.is_empty()) {
                self.error(Diagnostic::at(
                    format!("#/servers/{index}/variables"),
                    "server variables are not supported: give each environment its own URL",
                ));
            }
        }
        if let Some(requirements) = &spec.security {
            self.check_security(spec, requirements, "#/security");
        }
        for (path, item) in &spec.paths.paths {
            let at = pointer("#/paths", path);
            if path.contains('{') {
                self.error(Diagnostic::at(
                    &at,
                    format!("path template `{path}`: {BODY_ONLY}"),
                ));
            }
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            if !item.servers.is_empty() {
                self.error(servers_refused(&format!("{at}/servers")));
            }
            self.check_parameters(&item.parameters, &at);
            for (method, operation) in item.iter() {
                self.check_operation(spec, operation, &format!("{at}/{method}"));
            }
        }
    }

    fn check_operation(&mut self, spec: &OpenAPI, operation: &Operation, at: &str) {
        self.check_parameters(&operation.parameters, at);
        if let Some(requirements) = &operation.security {
            self.check_security(spec, requirements, &format!("{at}/security"));
        }
        if !operation.servers.is_empty() {
            self.error(servers_refused(&format!("{at}/servers")));
        }
        if let Some(name) = operation.callbacks.keys().next() {
            self.error(Diagnostic::at(
                pointer(&format!("{at}/callbacks"), name),
                "callbacks are not supported: the client makes requests, it does not serve them",
            ));
        }
        if let Some(ReferenceOr::Item(body)) = &operation.request_body {
            self.check_content_types(body.content.keys(), &format!("{at}/requestBody/content"));
        }
        if operation.responses.default.is_some() {
            self.error(Diagnostic::at(
                format!("{at}/responses/default"),
                "a `default` response is not supported: the client takes 200 as the answer and \
                 every error status as `runtime::Error`; list the error statuses instead",
            ));
        }
        for (status, response) in &operation.responses.responses {
            let response_at = pointer(&format!("{at}/responses"), &status.to_string());
            match status {
                StatusCode::Code(200) => {
                    if let ReferenceOr::Item(response) = response {
                        self.check_answer(response, &response_at);
                    }
                }
                StatusCode::Code(400..=599) | StatusCode::Range(4 | 5) => {}
                other => self.error(Diagnostic::at(
                    response_at,
                    format!(
                        "response status `{other}` is not supported: the client answers with \
                         the 200 body or an error (4xx, 5xx)"
                    ),
                )),
            }
        }
    }

    /// The 200 response: a JSON body and nothing the client would have to hand over beside it.
    fn check_answer(&mut self, response: &Response, at: &str) {
        self.check_content_types(response.content.keys(), &format!("{at}/content"));
        if let Some(name) = response.headers.keys().next() {
            self.error(Diagnostic::at(
                pointer(&format!("{at}/headers"), name),
                "response headers are not supported: the typed answer is the JSON body \
                 (`with_raw` gives the raw response)",
            ));
        }
        if let Some(name) = response.links.keys().next() {
            self.error(Diagnostic::at(
                pointer(&format!("{at}/links"), name),
                "response links are not supported",
            ));
        }
    }

    fn check_content_types<'a>(&mut self, types: impl Iterator<Item = &'a String>, at: &str) {
        for media in types.filter(|media| *media != "application/json") {
            self.error(Diagnostic::at(
                pointer(at, media),
                format!("content type `{media}` is not supported: the client sends and reads application/json only"),
            ));
        }
    }

    fn check_parameters(&mut self, parameters: &[ReferenceOr<openapiv3::Parameter>], at: &str) {
        for (index, parameter) in parameters.iter().enumerate() {
            let what = match parameter {
                ReferenceOr::Item(parameter) => {
                    let data = parameter.parameter_data_ref();
                    let location = match parameter {
                        openapiv3::Parameter::Query { .. } => "query",
                        openapiv3::Parameter::Header { .. } => "header",
                        openapiv3::Parameter::Path { .. } => "path",
                        openapiv3::Parameter::Cookie { .. } => "cookie",
                    };
                    format!("{location} parameter `{}`", data.name)
                }
                ReferenceOr::Reference { reference } => format!("parameter `{reference}`"),
            };
            self.error(Diagnostic::at(
                format!("{at}/parameters/{index}"),
                format!("{what} is not supported: {BODY_ONLY}"),
            ));
        }
    }

    /// A requirement is honoured when every scheme it names stands for a body envelope field:
    /// an `apiKey` scheme whose `name` is in `x-envelope` (how Mews' spec describes its body
    /// tokens to tools). Anything else (http, OAuth2, OpenID Connect, another key) is refused.
    fn check_security(
        &mut self,
        spec: &OpenAPI,
        requirements: &[openapiv3::SecurityRequirement],
        at: &str,
    ) {
        let schemes = spec.components.as_ref().map(|c| &c.security_schemes);
        for (index, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                let scheme = schemes.and_then(|schemes| schemes.get(name));
                let envelope_field = match scheme {
                    Some(ReferenceOr::Item(SecurityScheme::APIKey { name: key, .. })) => {
                        self.envelope.contains(key).then_some(())
                    }
                    _ => None,
                };
                if envelope_field.is_some() {
                    continue;
                }
                let what = match scheme {
                    None => "is not in components/securitySchemes".to_owned(),
                    Some(ReferenceOr::Reference { .. }) => "is a $ref".to_owned(),
                    Some(ReferenceOr::Item(scheme)) => {
                        format!("is {}, not a body envelope field", scheme_kind(scheme))
                    }
                };
                self.error(Diagnostic::at(
                    pointer(&format!("{at}/{index}"), name),
                    format!(
                        "security scheme `{name}` {what}: the client authenticates only with \
                         the x-envelope fields in the request body"
                    ),
                ));
            }
        }
    }
}

fn scheme_kind(scheme: &SecurityScheme) -> String {
    match scheme {
        SecurityScheme::APIKey { location, name, .. } => {
            let location = match location {
                openapiv3::APIKeyLocation::Query => "query",
                openapiv3::APIKeyLocation::Header => "header",
                openapiv3::APIKeyLocation::Cookie => "cookie",
            };
            format!("an API key `{name}` in the {location}")
        }
        SecurityScheme::HTTP { scheme, .. } => format!("HTTP `{scheme}` authentication"),
        SecurityScheme::OAuth2 { .. } => "OAuth2".to_owned(),
        SecurityScheme::OpenIDConnect { .. } => "OpenID Connect".to_owned(),
    }
}

fn servers_refused(at: &str) -> Diagnostic {
    Diagnostic::at(
        at,
        "servers on a path or an operation are not supported: the client sends every \
         operation to the base URL of its environment",
    )
}
