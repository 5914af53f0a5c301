//! Lower: parsed specs into the [`crate::ir`] representation — types,
//! operations and names, all decided here.

mod bodies;
mod checks;
mod conversions;
mod cycles;
mod deprecation;
mod docs;
mod identical;
pub mod items;
mod merge;
pub mod names;
pub use checks::example_mismatch;
mod operations;
mod pagination;
mod read_ahead;
mod schema;
mod security;
mod shape;
mod shape_key;
mod webhooks;

use std::rc::Rc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde_json::Value;

use crate::error::{Result, Warning, WarningKind, push_pointer};
use crate::ir::{Example, Module, ModuleId, Program, TypeDef, TypeId, TypeKind, TypeRef};
use crate::load::{FileId, RefTarget, SpecSet};

/// Lowers every file of `set` into one [`Program`].
pub fn lower(set: &SpecSet) -> Result<Program> {
    let mut lowerer = Lowerer::new(set);
    lowerer.warnings.extend_from_slice(set.warnings());
    lowerer.declare_modules();
    lowerer.lower_security()?;
    lowerer.declare_component_schemas()?;
    lowerer.lower_component_schemas()?;
    lowerer.lower_operations()?;
    lowerer.resolve_security();
    lowerer.merge_identical_types();
    let mut program = lowerer.finish();
    cycles::box_cycles(&mut program);
    items::name_operation_items(&mut program.modules);
    pagination::find_pagination(&mut program, &security::CLIENT_METHODS);
    conversions::find_conversions(&mut program);
    deprecation::mark_deprecated_uses(&mut program);
    for id in checks::unused_components(&program) {
        let def = program.type_def(id);
        let (file, pointer) = def.origin.split_once('#').unwrap_or((&def.origin, ""));
        program.warnings.push(crate::Warning {
            kind: WarningKind::UnusedComponent,
            file: file.into(),
            pointer: pointer.to_string(),
            message: format!("component schema `{}` is not used by any operation", def.name),
        });
    }
    Ok(program)
}

/// A place in the specs: a file and a JSON pointer into it.
pub(crate) type Loc = RefTarget;

/// A node as written where it is used, or as read once for every `$ref`
/// that reaches it; either way not copied.
pub(crate) enum Resolved<'a, T> {
    Written(&'a T),
    Shared(Rc<T>),
}

impl<T> std::ops::Deref for Resolved<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Resolved::Written(node) => node,
            Resolved::Shared(node) => node,
        }
    }
}

pub(crate) struct Lowerer<'a> {
    set: &'a SpecSet,
    modules: Vec<Module>,
    module_of_file: HashMap<FileId, ModuleId>,
    types: Vec<TypeDef>,
    /// The named type made from the schema at a place, so that every
    /// reference to one schema shares one type.
    by_origin: HashMap<Loc, TypeId>,
    /// Named types whose schema is `nullable`.
    nullable_types: HashSet<TypeId>,
    scopes: Vec<names::Scope>,
    warnings: Vec<Warning>,
    /// Components read from many places (a parameter, a response, an
    /// error schema), read once and shared: GitHub's spec reads its
    /// `basic-error` schema 1506 times.
    shared: std::cell::RefCell<HashMap<(Loc, std::any::TypeId), Box<dyn std::any::Any>>>,
    /// A property's field name and the part of a type name it gives, by
    /// wire name: GitHub's spec writes 38,782 properties under 1,926 names.
    property_names: HashMap<String, Rc<PropertyNames>>,
    /// Each file's path as origins spell it, before the `#`.
    origin_files: Vec<String>,
    /// Where the examples recorded so far are.
    example_origins: HashSet<String>,
}

/// What a property's wire name becomes: `field` of its struct, and
/// `type_part` after the struct's name in the name of an inline type.
pub(crate) struct PropertyNames {
    pub(crate) field: String,
    pub(crate) type_part: String,
}

impl<'a> Lowerer<'a> {
    fn new(set: &'a SpecSet) -> Self {
        Lowerer {
            set,
            modules: Vec::new(),
            module_of_file: HashMap::default(),
            types: Vec::new(),
            by_origin: HashMap::default(),
            nullable_types: Default::default(),
            scopes: Vec::new(),
            warnings: Vec::new(),
            shared: Default::default(),
            property_names: HashMap::default(),
            origin_files: set.files().map(|(_, f)| f.path.display().to_string()).collect(),
            example_origins: HashSet::default(),
        }
    }

    /// Where `loc` is, as `file#pointer`: the origin of a type or an example.
    fn origin(&self, loc: &Loc) -> String {
        let file = &self.origin_files[loc.file.0];
        let mut origin = String::with_capacity(file.len() + 1 + loc.pointer.len());
        origin.push_str(file);
        origin.push('#');
        origin.push_str(&loc.pointer);
        origin
    }

    /// The names `wire_name` gives a property, converted once per name.
    pub(crate) fn property_names(&mut self, wire_name: &str) -> Rc<PropertyNames> {
        if let Some(names) = self.property_names.get(wire_name) {
            return Rc::clone(names);
        }
        let names = Rc::new(PropertyNames {
            field: names::snake_ident(wire_name, "field"),
            type_part: names::type_name(wire_name),
        });
        self.property_names.insert(wire_name.to_string(), Rc::clone(&names));
        names
    }

    /// The node at `target` read as `T`, shared with every earlier reading
    /// of it as `T`; for what `$ref`s from many places reach.
    pub(crate) fn read_shared<T>(&self, target: &Loc) -> Result<Rc<T>>
    where
        T: crate::load::FromTree + 'static,
    {
        let key = (target.clone(), std::any::TypeId::of::<T>());
        if let Some(read) = self
            .shared
            .borrow()
            .get(&key)
            .and_then(|any| any.downcast_ref::<Rc<T>>())
        {
            return Ok(Rc::clone(read));
        }
        let read = Rc::new(self.set.read::<T>(target.file, &target.pointer)?);
        self.shared.borrow_mut().insert(key, Box::new(Rc::clone(&read)));
        Ok(read)
    }

    fn finish(self) -> Program {
        let mut warnings = self.warnings;
        warnings.sort_by(|a, b| (&a.file, &a.pointer, &a.message).cmp(&(&b.file, &b.pointer, &b.message)));
        warnings.dedup();
        Program {
            modules: self.modules,
            types: self.types,
            warnings,
        }
    }

    /// One module per file, named by [`module_names`].
    fn declare_modules(&mut self) {
        let set = self.set;
        let paths: Vec<&std::path::Path> = set.files().map(|(_, f)| f.path.as_path()).collect();
        let names = module_names(&paths);
        for ((file, spec), name) in set.files().zip(names) {
            let root = &spec.root;
            let text = |p: &str| root.pointer(p).and_then(Value::as_str).map(str::to_string);
            let id = ModuleId(self.modules.len());
            self.modules.push(Module {
                id,
                name,
                source: spec.path.display().to_string(),
                is_api: spec.is_api(),
                title: text("/info/title"),
                version: text("/info/version"),
                description: text("/info/description"),
                servers: root
                    .get("servers")
                    .and_then(Value::as_array)
                    .map(|s| {
                        s.iter()
                            .filter_map(|s| s.get("url").and_then(Value::as_str))
                            // Paths start with `/`: `https://host/` and `https://host`
                            // make the same request URLs.
                            .map(|url| url.trim_end_matches('/').to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                security_schemes: Vec::new(),
                security: Vec::new(),
                operations: Vec::new(),
                webhooks: Vec::new(),
                examples: Vec::new(),
                conversions: Vec::new(),
                names_deprecated: false,
            });
            self.module_of_file.insert(file, id);
            self.scopes.push(names::Scope::default());
        }
    }

    /// Gives every component schema its type and name before anything refers to it.
    fn declare_component_schemas(&mut self) -> Result<()> {
        let set = self.set;
        for (file, spec) in set.files() {
            let Some(schemas) = spec.root.pointer("/components/schemas") else {
                continue;
            };
            let Some(schemas) = schemas.as_object() else {
                return Err(set.error(
                    file,
                    "/components/schemas",
                    "expected a mapping of schema names to schemas",
                ));
            };
            for (name, schema) in schemas {
                let loc = Loc {
                    file,
                    pointer: push_pointer("/components/schemas", name),
                };
                let id = self.new_type(&loc, &names::type_name(name));
                // Known before any reference to it is lowered, whatever the order.
                if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
                    self.nullable_types.insert(id);
                }
                self.by_origin.insert(loc, id);
            }
        }
        Ok(())
    }

    fn lower_component_schemas(&mut self) -> Result<()> {
        let declared: Vec<(Loc, TypeId)> = {
            let mut all: Vec<_> = self.by_origin.iter().map(|(l, id)| (l.clone(), *id)).collect();
            all.sort_by_key(|(_, id)| *id);
            all
        };
        let set = self.set;
        // Read as a schema straight away unless it is a `$ref`: serde's
        // untagged `ReferenceOr` would first copy the whole tree.
        let read = |(loc, _): &(Loc, TypeId)| -> Result<openapiv3::ReferenceOr<openapiv3::Schema>> {
            let reference = set.node(loc.file, &loc.pointer).and_then(|n| n.get("$ref"));
            Ok(match reference.and_then(Value::as_str) {
                Some(reference) => openapiv3::ReferenceOr::Reference {
                    reference: reference.to_string(),
                },
                None => openapiv3::ReferenceOr::Item(set.read(loc.file, &loc.pointer)?),
            })
        };
        read_ahead::read_ahead(declared, read, |(loc, id), schema| {
            let schema = schema?;
            let name = self.types[id.0].name.clone();
            let kind = match &schema {
                openapiv3::ReferenceOr::Reference { reference } => {
                    let target = self.lower_ref(reference, &loc, &name)?;
                    if target.nullable {
                        self.nullable_types.insert(id);
                    }
                    TypeKind::Alias(target.ty)
                }
                openapiv3::ReferenceOr::Item(schema) => {
                    if schema.schema_data.nullable {
                        self.nullable_types.insert(id);
                    }
                    self.types[id.0].docs = docs::schema_docs(schema);
                    self.types[id.0].constraints = self.enforceable_constraints(&loc, schema).into();
                    self.collect_schema_example(&loc, schema, TypeRef::Named(id));
                    match self.lower_kind(schema, &loc, &name)? {
                        Some(kind) => kind,
                        None => TypeKind::Alias(self.lower_structural(schema, &loc, &name)?.ty),
                    }
                }
            };
            self.types[id.0].kind = kind;
            Ok(())
        })
    }

    fn lower_operations(&mut self) -> Result<()> {
        let set = self.set;
        for (file, spec) in set.files() {
            if spec.is_api() {
                let module = self.module_of(file);
                let ops = operations::lower_paths(self, file)?;
                self.modules[module.0].operations = ops;
            }
            let webhooks = webhooks::lower_webhooks(self, file)?;
            let module = self.module_of(file);
            self.modules[module.0].webhooks = webhooks;
        }
        Ok(())
    }

    fn module_of(&self, file: FileId) -> ModuleId {
        self.module_of_file.get(&file).copied().unwrap_or(ModuleId(0))
    }

    /// A new named type in the module of `loc`'s file, with a unique name.
    fn new_type(&mut self, loc: &Loc, wanted: &str) -> TypeId {
        let module = self.module_of(loc.file);
        let origin = self.origin(loc);
        let (name, previous) = self.scopes[module.0].claim(wanted, &origin);
        if let Some(previous) = previous {
            self.warn(
                WarningKind::Renamed,
                loc,
                format!("type name `{wanted}` is already used by {previous}; this one is named `{name}`"),
            );
        }
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            id,
            module,
            name,
            origin,
            docs: Default::default(),
            constraints: Default::default(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        id
    }

    /// A schema's constraints, without those the generated code cannot
    /// check, each of which is reported once.
    pub(crate) fn enforceable_constraints(&mut self, loc: &Loc, schema: &openapiv3::Schema) -> crate::ir::Constraints {
        let mut constraints = docs::constraints_of(schema);
        self.drop_unenforceable(loc, &mut constraints);
        constraints
    }

    fn drop_unenforceable(&mut self, loc: &Loc, constraints: &mut crate::ir::Constraints) {
        if let Some(pattern) = &constraints.pattern
            && let Err(e) = regex::Regex::new(pattern)
        {
            let reason = e.to_string().lines().last().unwrap_or_default().trim().to_string();
            self.warn(
                WarningKind::Unchecked,
                loc,
                format!("pattern `{pattern}` is not checked: the regex engine rejects it ({reason})"),
            );
            constraints.pattern = None;
        }
        if constraints.unique_items {
            self.warn(
                WarningKind::Unchecked,
                loc,
                "uniqueItems is documented but not checked".to_string(),
            );
        }
        if let Some(items) = constraints.items.as_mut() {
            self.drop_unenforceable(loc, items);
        }
    }

    fn warn(&mut self, kind: WarningKind, loc: &Loc, message: String) {
        self.warnings.push(Warning {
            kind,
            file: self.set.file(loc.file).path.clone(),
            pointer: loc.pointer.clone(),
            message,
        });
    }

    /// Records the example at `loc` once: one in a shared response is
    /// reached once per operation using it, and GitHub's examples are large.
    fn add_example(&mut self, loc: &Loc, ty: TypeRef, value: &Value) {
        let origin = self.origin(loc);
        if self.example_origins.contains(&origin) {
            return;
        }
        self.example_origins.insert(origin.clone());
        let module = self.module_of(loc.file);
        self.modules[module.0].examples.push(Example {
            origin,
            ty,
            value: value.clone(),
        });
    }
}

/// The module of each spec file, named from the file stem; two files with
/// one stem are told apart by their folders. A name depends on the other
/// files' paths, never on their contents.
pub fn module_names(paths: &[&std::path::Path]) -> Vec<String> {
    let stems: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let full = path.with_extension("").to_string_lossy().into_owned();
            (module_name(&stem), module_name(&full))
        })
        .collect();
    let mut scope = names::Scope::default();
    // Names the crate itself uses, as modules (`runtime`, `webhooks`) or as
    // cargo features (`client`, `full`…), which a module's feature would clash with.
    for reserved in [
        "support",
        "std",
        "core",
        "alloc",
        "serde",
        "serde_json",
        "crate",
        "runtime",
        "webhooks",
        "client",
        "rustls",
        "validate",
        "tracing",
        "full",
        "default",
    ] {
        scope.reserve(reserved);
    }
    stems
        .iter()
        .enumerate()
        .map(|(i, (stem, full))| {
            let shared_stem = stems
                .iter()
                .enumerate()
                .any(|(other, (other_stem, _))| other != i && other_stem == stem);
            let wanted = if shared_stem { full } else { stem };
            scope.claim(wanted, &paths[i].display().to_string()).0
        })
        .collect()
}

/// The module name for a spec file stem: `application.v2` → `application_v2`.
fn module_name(stem: &str) -> String {
    let name = names::snake_ident(stem, "api");
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

#[cfg(test)]
mod tests;
