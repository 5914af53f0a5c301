//! Security: the schemes a spec declares, the names the client gives their
//! setters, and the requirement each operation is sent with.
//!
//! ```yaml
//! security: [{apiKey: [], apiSecret: []}, {apiKey: [], apiSig: []}]
//! components:
//!   securitySchemes:
//!     apiKey: {type: apiKey, in: query, name: api_key}
//! ```
//! becomes the setters `with_api_key`, `with_api_secret` and, for the
//! signature scheme `apiSig` (`in: query, name: sig`), whose value the
//! client computes rather than holds, `with_signature_secret`; and, on every
//! operation without its own `security`, the requirement
//! `[[apiKey, apiSecret], [apiKey, apiSig]]`.

use heck::ToShoutySnakeCase;

use super::{Lowerer, names, operations};
use crate::error::{Result, Warning, WarningKind, push_pointer};
use crate::ir::{Module, ParameterLocation, SecurityKind, SecurityScheme};

/// The query parameter that makes an API key scheme a request signature.
const SIGNATURE_PARAMETER: &str = "sig";

/// The setter of a signature scheme, named after what the user holds (the
/// account's signature secret, as Vonage's dashboard calls it), not after
/// the `sig` the client computes from it.
const SIGNATURE_SETTER: &str = "with_signature_secret";

/// Methods of the runtime's `Client`, which every API's client has and
/// no operation, setter or stream may take.
pub(super) const CLIENT_METHODS: [&str; 17] = [
    "new",
    "default",
    "clone",
    "fmt",
    "with_authorization",
    "with_base_url",
    "with_http_client",
    "with_credentials",
    "with_retry",
    "with_timeout",
    "with_connect_timeout",
    "with_user_agent",
    "with_call_options",
    "with_mock",
    "base_url",
    "with_secret",
    "send",
];

impl Lowerer<'_> {
    /// The module's `securitySchemes` and its top-level `security`.
    pub(super) fn lower_security(&mut self) -> Result<()> {
        let set = self.set;
        for (file, spec) in set.files() {
            let module = self.module_of(file);
            if spec.root.pointer("/components/securitySchemes").is_some() {
                let schemes: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::SecurityScheme>> =
                    set.parse(file, "/components/securitySchemes")?;
                for (name, scheme) in schemes {
                    let scheme = match scheme {
                        openapiv3::ReferenceOr::Item(scheme) => scheme,
                        openapiv3::ReferenceOr::Reference { reference } => {
                            let at = push_pointer("/components/securitySchemes", &name);
                            let target = set.resolve_followed(file, &at, &reference)?;
                            set.parse(target.file, &target.pointer)?
                        }
                    };
                    self.modules[module.0]
                        .security_schemes
                        .push(security_scheme(name, scheme));
                }
            }
            if spec.root.get("security").is_some() {
                let requirements: Vec<openapiv3::SecurityRequirement> = set.parse(file, "/security")?;
                self.modules[module.0].security = operations::requirement_names(&requirements);
            }
        }
        Ok(())
    }

    /// Names every scheme's setter and constant, and gives every operation
    /// the requirement it is sent with.
    pub(super) fn resolve_security(&mut self) {
        self.sign_forms();
        for module in &mut self.modules {
            let file = module.source.clone();
            let mut warn = |pointer: String, kind: WarningKind, message: String| {
                self.warnings.push(Warning {
                    kind,
                    file: file.clone().into(),
                    pointer,
                    message,
                });
            };
            name_schemes(module, &mut warn);
            choose_requirements(module, &mut warn);
        }
    }
}

/// A setter and a constant for each scheme, clear of the client's other
/// methods and of each other.
fn name_schemes(module: &mut Module, warn: &mut impl FnMut(String, WarningKind, String)) {
    let mut setters = names::Scope::default();
    for reserved in CLIENT_METHODS {
        setters.reserve(reserved);
    }
    for op in &module.operations {
        setters.reserve(names::unraw(&op.name));
    }
    let mut constants = names::Scope::default();
    for scheme in &mut module.security_schemes {
        let pointer = push_pointer("/components/securitySchemes", &scheme.name);
        let wanted = match scheme.kind {
            SecurityKind::Signature => SIGNATURE_SETTER.to_string(),
            _ => names::snake_ident(&format!("with {}", scheme.name), "with_credentials"),
        };
        let (setter, previous) = setters.claim(&wanted, &scheme.name);
        if let Some(previous) = previous {
            let message = format!(
                "client method `{wanted}` is already taken{}; the setter of `{}` is `{setter}`",
                if previous.is_empty() {
                    String::new()
                } else {
                    format!(" by scheme `{previous}`")
                },
                scheme.name
            );
            warn(pointer.clone(), WarningKind::Renamed, message);
        }
        scheme.setter = setter;
        let wanted = names::unraw(&names::snake_ident(&scheme.name, "scheme")).to_shouty_snake_case();
        let wanted = if wanted.starts_with(|c: char| c.is_ascii_digit()) {
            format!("_{wanted}")
        } else {
            wanted
        };
        scheme.constant = constants.claim(&wanted, &scheme.name).0;
    }
}

/// Each operation's requirement: its own or the module's, without the
/// alternatives that name an undeclared scheme.
fn choose_requirements(module: &mut Module, warn: &mut impl FnMut(String, WarningKind, String)) {
    // Without a requirement an operation needs no credentials, as the
    // spec says; declared schemes that nothing names are likely an oversight.
    let names_any = !module.security.is_empty() || module.operations.iter().any(|op| op.security.is_some());
    if !names_any && !module.security_schemes.is_empty() && !module.operations.is_empty() {
        warn(
            "/components/securitySchemes".to_string(),
            WarningKind::NonStandard,
            "security schemes are declared but no `security` requirement names them, so operations send no credentials; add a top-level `security`".to_string(),
        );
    }
    let declared: Vec<String> = module.security_schemes.iter().map(|s| s.name.clone()).collect();
    for op in &mut module.operations {
        let alternatives = op.security.clone().unwrap_or_else(|| module.security.clone());
        let mut requirement = Vec::new();
        for alternative in alternatives {
            match alternative.iter().find(|name| !declared.contains(name)) {
                Some(unknown) => warn(
                    format!("{}/{}/security", push_pointer("/paths", &op.path.text), op.method.key()),
                    WarningKind::NonStandard,
                    format!(
                        "`{} {}` names security scheme `{unknown}`, which `securitySchemes` does not declare; that alternative is left out",
                        op.method, op.path
                    ),
                ),
                None if !requirement.contains(&alternative) => requirement.push(alternative),
                None => {}
            }
        }
        op.requirement = requirement;
    }
}

impl Lowerer<'_> {
    /// Forms with a `sig` field (Vonage's SMS API names no security scheme
    /// for it) are signed by the module's signature scheme, declared here
    /// when the spec has none.
    fn sign_forms(&mut self) {
        let types = &self.types;
        let has_sig = |body: &crate::ir::Body| match (&body.encoding, &body.ty) {
            (crate::ir::Encoding::Form(_), Some(crate::ir::TypeRef::Named(id))) => {
                matches!(&types[id.0].kind, crate::ir::TypeKind::Struct(s) if s.fields.iter().any(|f| f.wire_name == "sig"))
            }
            _ => false,
        };
        for module in &mut self.modules {
            let signed: Vec<usize> = module
                .operations
                .iter()
                .enumerate()
                .filter(|(_, op)| op.request_body.as_ref().is_some_and(has_sig))
                .map(|(i, _)| i)
                .collect();
            if signed.is_empty() {
                continue;
            }
            let scheme = match module
                .security_schemes
                .iter()
                .find(|s| s.kind == SecurityKind::Signature)
            {
                Some(scheme) => scheme.name.clone(),
                None => {
                    let taken = |name: &str| module.security_schemes.iter().any(|s| s.name == name);
                    let name = (1..)
                        .map(|n| if n == 1 { "sig".to_string() } else { format!("sig{n}") })
                        .find(|name| !taken(name))
                        .unwrap_or_default();
                    module.security_schemes.push(SecurityScheme {
                        name: name.clone(),
                        kind: SecurityKind::Signature,
                        description: Some("Signs the `sig` field of form bodies.".into()),
                        setter: String::new(),
                        constant: String::new(),
                    });
                    name
                }
            };
            for i in signed {
                if let Some(body) = &mut module.operations[i].request_body {
                    body.signed_by = Some(scheme.clone());
                }
            }
        }
    }
}

fn security_scheme(name: String, scheme: openapiv3::SecurityScheme) -> SecurityScheme {
    use openapiv3::{APIKeyLocation, SecurityScheme as Spec};
    let (kind, description) = match scheme {
        Spec::HTTP {
            scheme,
            bearer_format,
            description,
            ..
        } => {
            let kind = match scheme.to_ascii_lowercase().as_str() {
                "basic" => SecurityKind::Basic,
                "bearer" => SecurityKind::Bearer { format: bearer_format },
                _ => SecurityKind::Http { scheme },
            };
            (kind, description)
        }
        Spec::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let location = match location {
                APIKeyLocation::Query => ParameterLocation::Query,
                APIKeyLocation::Header => ParameterLocation::Header,
                APIKeyLocation::Cookie => ParameterLocation::Cookie,
            };
            let kind = if location == ParameterLocation::Query && name == SIGNATURE_PARAMETER {
                SecurityKind::Signature
            } else {
                SecurityKind::ApiKey { location, name }
            };
            (kind, description)
        }
        Spec::OAuth2 { description, .. } => (SecurityKind::OAuth2, description),
        Spec::OpenIDConnect { description, .. } => (SecurityKind::OpenIdConnect, description),
    };
    SecurityScheme {
        name,
        kind,
        description,
        setter: String::new(),
        constant: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::ir::SecurityKind;
    use crate::load::SpecSet;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
security: [{apiKey: [], apiSecret: []}, {apiKey: [], apiSig: []}]
paths:
  /sms:
    post:
      operationId: smsConversion
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: query, name: api_key}
    apiSecret: {type: apiKey, in: query, name: api_secret}
    apiSig: {type: apiKey, in: query, name: sig}
    headerSig: {type: apiKey, in: header, name: sig}
";

    #[test]
    fn a_query_key_named_sig_is_a_signature_set_by_its_secret() {
        let set = SpecSet::from_sources(vec![(PathBuf::from("api.yml"), SPEC.as_bytes().to_vec())]).unwrap();
        let program = super::super::lower(&set).unwrap();
        let schemes: Vec<(&str, &SecurityKind, &str)> = program.modules[0]
            .security_schemes
            .iter()
            .map(|s| (s.name.as_str(), &s.kind, s.setter.as_str()))
            .collect();
        assert_eq!(
            schemes[2],
            ("apiSig", &SecurityKind::Signature, "with_signature_secret")
        );
        // Only the query parameter `sig` is Vonage's signature.
        assert!(matches!(
            schemes[3],
            ("headerSig", SecurityKind::ApiKey { .. }, "with_header_sig")
        ));
        assert_eq!(schemes[0].2, "with_api_key");
        assert_eq!(
            program.modules[0].operations[0].requirement,
            [vec!["apiKey", "apiSecret"], vec!["apiKey", "apiSig"]]
        );
    }
}

#[cfg(test)]
mod client_methods {
    use super::CLIENT_METHODS;

    /// Every method the runtime's `Client<A>` declares, read from its source.
    fn runtime_client_methods() -> Vec<String> {
        let source = include_str!("../emit/verbatim/runtime/client.rs");
        let file = syn::parse_file(source).expect("the runtime parses");
        let mut methods = Vec::new();
        let mut visit = |items: &[syn::Item]| {
            for item in items {
                let syn::Item::Impl(block) = item else { continue };
                let syn::Type::Path(ty) = &*block.self_ty else { continue };
                if ty.path.segments.last().is_none_or(|s| s.ident != "Client") {
                    continue;
                }
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        methods.push(f.sig.ident.to_string());
                    }
                }
            }
        };
        visit(&file.items);
        methods
    }

    #[test]
    fn every_method_of_the_runtime_client_is_reserved() {
        let methods = runtime_client_methods();
        assert!(methods.len() >= 12, "{methods:?}");
        for method in &methods {
            assert!(
                CLIENT_METHODS.contains(&method.as_str()),
                "`{method}` is not in CLIENT_METHODS"
            );
        }
    }
}
