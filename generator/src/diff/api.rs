//! A spec as a whole: added or removed, its servers and security schemes.

use super::client::constructors;
use super::{Assessment, Change, Finding, ModulePair, Subject};
use crate::ir::{Module, SecurityScheme};

pub(crate) fn diff_api(pair: &ModulePair, out: &mut Vec<Change>) {
    let mut push = |location: &str, finding: Finding| {
        out.push(finding.into_change(pair, Subject::Api, location.to_string()));
    };
    match (pair.old, pair.new) {
        (None, Some(new)) => push(
            "",
            Finding::new(
                "api-spec-added",
                format!("spec `{}` added", new.source),
                Assessment::safe("new operations; existing clients do not call them"),
                Assessment::safe(format!("new module `{}` behind feature `{}`", new.name, new.name)),
            ),
        ),
        (Some(old), None) => {
            let wire = if old.is_api {
                Assessment::breaking(format!("its {} operation(s) are gone", old.operations.len()))
            } else {
                Assessment::safe("a file of shared components has no operations of its own")
            };
            push(
                "",
                Finding::new(
                    "api-spec-removed",
                    format!("spec `{}` removed", old.source),
                    wire,
                    Assessment::breaking(format!(
                        "module `{}` and feature `{}` are gone; code using them stops compiling",
                        old.name, old.name
                    )),
                ),
            );
        }
        (Some(old), Some(new)) => {
            for finding in compare_servers(old, new) {
                push("servers", finding);
            }
            for finding in compare_schemes(old, new) {
                push("security schemes", finding);
            }
        }
        (None, None) => {}
    }
}

/// `Client::DEFAULT_BASE_URL` is the spec's first server.
fn compare_servers(old: &Module, new: &Module) -> Vec<Finding> {
    let mut found = Vec::new();
    let old_default = old.servers.first();
    let new_default = new.servers.first();
    let default_note = || match (old_default, new_default) {
        (Some(a), Some(b)) => {
            format!("`Client::DEFAULT_BASE_URL` changes from `{a}` to `{b}`: same code, another host")
        }
        (None, Some(b)) => format!("`Client::DEFAULT_BASE_URL` becomes `{b}`"),
        (Some(a), None) => format!("`Client::DEFAULT_BASE_URL` was `{a}` and is now empty"),
        (None, None) => String::new(),
    };
    let rust = || {
        if old_default == new_default {
            Assessment::safe("servers other than the first appear only in rustdoc")
        } else {
            Assessment::review(default_note())
        }
    };
    for url in new.servers.iter().filter(|u| !old.servers.contains(u)) {
        found.push(Finding::new(
            "server-added",
            format!("server `{url}` added"),
            Assessment::safe("the old servers still serve the API"),
            rust(),
        ));
    }
    for url in old.servers.iter().filter(|u| !new.servers.contains(u)) {
        found.push(Finding::new(
            "server-removed",
            format!("server `{url}` removed"),
            Assessment::breaking(format!("clients configured with `{url}` can no longer reach the API")),
            rust(),
        ));
    }
    if found.is_empty() && old_default != new_default {
        found.push(Finding::new(
            "server-order-changed",
            "servers reordered".to_string(),
            Assessment::safe("the same servers serve the API"),
            rust(),
        ));
    }
    found
}

fn compare_schemes(old: &Module, new: &Module) -> Vec<Finding> {
    let mut found = Vec::new();
    let (before, after) = (constructors(old), constructors(new));
    let constructor = || {
        let gone: Vec<&str> = before
            .iter()
            .filter(|c| !after.contains(c))
            .map(String::as_str)
            .collect();
        let added: Vec<&str> = after
            .iter()
            .filter(|c| !before.contains(c))
            .map(String::as_str)
            .collect();
        if !gone.is_empty() {
            Assessment::breaking(format!(
                "`Client::{}` is gone; code calling it stops compiling",
                gone.join("`, `Client::")
            ))
        } else if !added.is_empty() {
            Assessment::safe(format!("new method `Client::{}`", added.join("`, `Client::")))
        } else {
            Assessment::safe("`Client` keeps its methods")
        }
    };
    for scheme in &new.security_schemes {
        match old.security_schemes.iter().find(|s| s.name == scheme.name) {
            None => found.push(Finding::new(
                "security-scheme-added",
                format!("security scheme `{}` added", scheme.name),
                Assessment::safe("operations that require it are listed with `api-security-added`"),
                constructor(),
            )),
            Some(before) if before.kind != scheme.kind => found.push(Finding::new(
                "security-scheme-changed",
                format!(
                    "security scheme `{}` changed from {} to {}",
                    scheme.name,
                    describe(before),
                    describe(scheme)
                ),
                Assessment::breaking("clients send credentials the way the old scheme said"),
                constructor(),
            )),
            Some(_) => {}
        }
    }
    for scheme in old
        .security_schemes
        .iter()
        .filter(|s| !new.security_schemes.iter().any(|n| n.name == s.name))
    {
        found.push(Finding::new(
            "security-scheme-removed",
            format!("security scheme `{}` removed", scheme.name),
            Assessment::review("operations that required it are listed with `api-security-removed`"),
            constructor(),
        ));
    }
    found
}

fn describe(scheme: &SecurityScheme) -> String {
    use crate::ir::{ParameterLocation, SecurityKind};
    match &scheme.kind {
        SecurityKind::Basic => "HTTP basic".into(),
        SecurityKind::Bearer { format: Some(f) } => format!("bearer ({f})"),
        SecurityKind::Bearer { format: None } => "bearer".into(),
        SecurityKind::ApiKey { location, name } => {
            let place = match location {
                ParameterLocation::Query => "query",
                ParameterLocation::Header => "header",
                ParameterLocation::Cookie => "cookie",
                ParameterLocation::Path => "path",
            };
            format!("API key `{name}` in the {place}")
        }
        SecurityKind::OAuth2 => "OAuth2".into(),
        SecurityKind::OpenIdConnect => "OpenID Connect".into(),
        SecurityKind::Http { scheme } => format!("HTTP `{scheme}`"),
        SecurityKind::Signature => "request signature `sig` in the query".into(),
    }
}
