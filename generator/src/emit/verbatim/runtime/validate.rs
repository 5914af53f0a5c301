//! Request validation: every constraint a request value breaks, at its
//! dotted path.

use std::fmt;
/// One broken constraint, at a dotted path such as
/// `capabilities.voice.webhooks.answer_url.connection_timeout`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

/// Every constraint a request value breaks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    pub violations: Vec<Violation>,
}

impl ValidationErrors {
    pub fn one(path: &str, message: String) -> Self {
        ValidationErrors {
            violations: vec![Violation {
                path: path.to_string(),
                message,
            }],
        }
    }
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }
    pub(crate) fn push(&mut self, path: &Path<'_>, message: String) {
        self.violations.push(Violation {
            path: path.to_string(),
            message,
        });
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", v.path, v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}
/// Where a value sits in a request; printed only when something is wrong.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root,
    Field(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) | Path::Key(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) | Path::Key(parent, name) => {
                write!(f, "{parent}.{name}")
            }
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// Checks a request value against the spec's constraints.
pub trait Validate {
    /// Adds every violation below `path` to `errors`; a type whose schema
    /// constrains nothing has nothing to add.
    fn validate_at(&self, _path: &Path<'_>, _errors: &mut ValidationErrors) {}
    /// Every violation in the value, or `Ok` when there is none.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.validate_at(&Path::Root, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        if let Some(value) = self {
            value.validate_at(path, errors);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(path, errors);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&path.index(i), errors);
        }
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        for (key, item) in self {
            item.validate_at(&path.key(key), errors);
        }
    }
}

/// The numeric checks of one value.
pub fn check_number(
    errors: &mut ValidationErrors,
    path: &Path<'_>,
    value: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
    multiple_of: Option<f64>,
) {
    if let Some((min, exclusive)) = min
        && (value < min || (exclusive && value == min))
    {
        let rule = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        errors.push(path, format!("must be {rule} {min}, got {value}"));
    }
    if let Some((max, exclusive)) = max
        && (value > max || (exclusive && value == max))
    {
        let rule = if exclusive { "less than" } else { "at most" };
        errors.push(path, format!("must be {rule} {max}, got {value}"));
    }
    if let Some(step) = multiple_of
        && step != 0.0
        && (value / step).fract() != 0.0
    {
        errors.push(path, format!("must be a multiple of {step}, got {value}"));
    }
}

/// Length checks of a string (in characters) or an array (in items).
pub fn check_count(
    errors: &mut ValidationErrors,
    path: &Path<'_>,
    count: usize,
    min: Option<usize>,
    max: Option<usize>,
    what: &str,
) {
    if let Some(min) = min
        && count < min
    {
        errors.push(
            path,
            format!("must have at least {min} {what}, has {count}"),
        );
    }
    if let Some(max) = max
        && count > max
    {
        errors.push(path, format!("must have at most {max} {what}, has {count}"));
    }
}

/// A pattern, compiled on first use.
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }
    pub fn check(&self, errors: &mut ValidationErrors, path: &Path<'_>, value: &str) {
        let compiled = self
            .compiled
            .get_or_init(|| regex::Regex::new(self.source).ok());
        if let Some(regex) = compiled
            && !regex.is_match(value)
        {
            errors.push(path, format!("must match the pattern `{}`", self.source));
        }
    }
}
