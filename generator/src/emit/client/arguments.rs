//! The arguments of an operation method, and the path they fill in.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::ident;
use super::super::type_refs::{Spelling, spelled};
use super::{bodies, displayable};
use crate::ir::{Body, Operation, Program, TypeRef};

/// One argument of an operation method.
pub(crate) struct Argument {
    pub name: String,
    pub ty: TokenStream,
    /// `name: Type`, as the method declares it.
    pub declaration: TokenStream,
    /// The expression that passes it on to the method from a helper that
    /// takes the same arguments (and `params` by value).
    pub forward: TokenStream,
    /// An owned value, which such a helper clones for each call.
    pub owned: Option<proc_macro2::Ident>,
}

/// The arguments of an operation method: path parameters in path order,
/// then the params struct, then the body. References get `lifetime` when
/// one is given, for helpers that hold them across awaits.
pub(crate) fn arguments(
    program: &Program,
    spelling: Spelling<'_>,
    op: &Operation,
    lifetime: Option<&TokenStream>,
) -> Vec<Argument> {
    let reference = |ty: TokenStream| match lifetime {
        Some(lifetime) => quote! { &#lifetime #ty },
        None => quote! { &#ty },
    };
    let mut args = Vec::new();
    for p in op.path_parameters() {
        let name = ident(&p.name);
        let ty = match &p.ty {
            ty if !by_reference(ty) => spelled(program, spelling, ty),
            ty if takes_text(program, ty) => reference(quote! { str }),
            ty => reference(spelled(program, spelling, ty)),
        };
        args.push(Argument {
            name: name.to_string(),
            declaration: quote! { #name: #ty },
            ty,
            forward: quote! { #name },
            owned: None,
        });
    }
    if let Some(params_name) = &op.items.params {
        let params_name = ident(params_name);
        args.push(Argument {
            name: "params".to_string(),
            ty: quote! { &#params_name },
            declaration: quote! { params: &#params_name },
            forward: quote! { &params },
            owned: None,
        });
    }
    if let Some(body) = &op.request_body {
        let (ty, borrowed) = body_type(program, spelling, body, reference);
        args.push(Argument {
            name: "body".to_string(),
            declaration: quote! { body: #ty },
            ty,
            forward: quote! { body },
            owned: (!borrowed).then(|| ident("body")),
        });
    }
    args
}

/// The type of the `body` argument, `Option` when the body is optional,
/// with `reference` applied to a borrowed one; and whether it is borrowed.
pub(crate) fn body_type(
    program: &Program,
    spelling: Spelling<'_>,
    body: &Body,
    reference: impl Fn(TokenStream) -> TokenStream,
) -> (TokenStream, bool) {
    let (ty, borrowed) = bodies::argument_type(program, spelling, body);
    let ty = if borrowed { reference(ty) } else { ty };
    (optional_unless(body.required, ty), borrowed)
}

/// `ty`, or `Option<ty>` when the value it holds is not required.
pub(crate) fn optional_unless(required: bool, ty: TokenStream) -> TokenStream {
    if required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

/// What an operation method returns: `Result<ApiResponse<success>, Error<error>>`.
pub(crate) fn return_type(success: TokenStream, error: &str) -> TokenStream {
    let error = ident(error);
    quote! { Result<ApiResponse<#success>, Error<#error>> }
}

/// Clippy's allowance for a method taking `arguments` and `&self`, when
/// they are more than it admits: the spec decides how many there are.
pub(crate) fn allow_many(arguments: &[Argument]) -> Option<TokenStream> {
    (arguments.len() + 1 > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

/// Whether a path parameter is passed by reference: all but numbers and booleans.
pub(crate) fn by_reference(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool)
}

/// Whether a path parameter of type `ty` is passed as `&str`: strings, and
/// types with no text form of their own.
pub(crate) fn takes_text(program: &Program, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String)
        || !(matches!(ty, TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool) || displayable(program, ty))
}
