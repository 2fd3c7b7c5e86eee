//! The `#[demo]` attribute: loom-checked threading demos for teaching.
//!
//! Use it through the runtime crate, `racelint-demo`, which re-exports it
//! as `racelint_demo::demo` and documents the options. The attribute keeps
//! the function as written (it still runs on real threads) and adds a test
//! module named after it whose test, `every_interleaving`, runs a rewritten
//! copy over every interleaving with loom and prints the report.

mod args;
mod rewrite;
mod threads;

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{ItemFn, ReturnType, Type, parse_macro_input};

use crate::args::{DemoArgs, ExpectedOutcome};

/// Turn a function that starts threads and returns what they made into a
/// test that runs it over every interleaving with loom and prints what
/// happened: the interleavings, the outcome histogram, and one witness
/// schedule per outcome drawn as swimlanes.
///
/// Options (all optional): `outcomes = [a, b]` (exactly these outcomes
/// happen), `always = a` (every schedule ends with `a`), `intended = a`
/// (what a learner expects; other outcomes are explained), `name =
/// "counter"` (what the result is called), `preemption_bound = n`, `memory =
/// "weak"` (loom's memory model: a read may see an older write), and `svg
/// = "dir"` (write each witness as an SVG picture). `deadlock` and `panic`
/// stand for those outcomes in `outcomes`, `always` and `intended`.
#[proc_macro_attribute]
pub fn demo(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as DemoArgs);
    let function = parse_macro_input!(item as ItemFn);
    match expand(&args, &function) {
        Ok(tokens) => tokens.into(),
        Err(errors) => {
            let errors = errors.to_compile_error();
            quote!(#errors #function).into()
        }
    }
}

fn combine(errors: Vec<syn::Error>) -> Result<(), syn::Error> {
    let mut errors = errors.into_iter();
    let Some(mut first) = errors.next() else {
        return Ok(());
    };
    for error in errors {
        first.combine(error);
    }
    Err(first)
}

fn check_signature(function: &ItemFn) -> Vec<syn::Error> {
    let signature = &function.sig;
    let mut errors = Vec::new();
    if !signature.inputs.is_empty() {
        errors.push(syn::Error::new_spanned(
            &signature.inputs,
            "a demo takes no arguments: loom calls it once for every schedule, so create \
             what it needs inside it",
        ));
    }
    if let Some(token) = &signature.asyncness {
        errors.push(syn::Error::new_spanned(
            token,
            "a demo cannot be `async`: it models threads, not tasks",
        ));
    }
    if !signature.generics.params.is_empty() || signature.generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            &signature.generics,
            "a demo cannot be generic: loom needs one concrete function to run",
        ));
    }
    if let ReturnType::Type(_, ty) = &signature.output {
        if let Type::ImplTrait(_) = &**ty {
            errors.push(syn::Error::new_spanned(
                ty,
                "a demo returns a concrete type (its outcome), not `impl Trait`",
            ));
        }
    }
    errors
}

fn outcome_tokens(outcome: &ExpectedOutcome) -> TokenStream2 {
    match outcome {
        ExpectedOutcome::Deadlock => quote!(::racelint_demo::__private::Expected::Deadlock),
        ExpectedOutcome::Panic => quote!(::racelint_demo::__private::Expected::Panic),
        ExpectedOutcome::Value(expr) => {
            let span = expr.span();
            quote_spanned!(span=> ::racelint_demo::__private::Expected::Value(#expr))
        }
    }
}

/// `intended = [a, b]` lists outcomes, unless the demo returns an array and
/// the elements are not arrays themselves (then it is one value).
fn intended_outcomes(intended: &syn::Expr, return_type: Option<&Type>) -> Vec<ExpectedOutcome> {
    if let syn::Expr::Array(list) = intended {
        let returns_array = matches!(return_type, Some(Type::Array(_)));
        let elements_are_arrays = list.elems.iter().all(|e| matches!(e, syn::Expr::Array(_)));
        if !returns_array || elements_are_arrays {
            return list
                .elems
                .iter()
                .cloned()
                .map(args::expected_outcome)
                .collect();
        }
    }
    vec![args::expected_outcome(intended.clone())]
}

/// The orderings weaker than `SeqCst` a demo names, in order of first use.
fn weak_orderings(tokens: TokenStream2) -> Vec<String> {
    fn walk(tokens: TokenStream2, found: &mut Vec<String>) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    if matches!(name.as_str(), "Relaxed" | "Acquire" | "Release" | "AcqRel")
                        && !found.contains(&name)
                    {
                        found.push(name);
                    }
                }
                proc_macro2::TokenTree::Group(group) => walk(group.stream(), found),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    walk(tokens, &mut found);
    found
}

fn expand(args: &DemoArgs, function: &ItemFn) -> Result<TokenStream2, syn::Error> {
    combine(check_signature(function))?;

    let mut body = (*function.block).clone();
    let mut rewriter = rewrite::Rewriter::new(&body);
    rewriter.visit_block_mut(&mut body);
    let mut errors = rewriter.errors;
    errors.extend(threads::check_thread_count(&body));
    combine(errors)?;

    let name = &function.sig.ident;
    let name_text = name.to_string();
    let return_type = match &function.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    let returns_unit = matches!(&function.sig.output, ReturnType::Default)
        || matches!(&function.sig.output, ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()));

    let outcome_name = args.name.clone().or_else(|| {
        (!returns_unit)
            .then(|| rewrite::outcome_name(&function.block))
            .flatten()
    });
    let outcome_name = match outcome_name {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    };

    let claim = match (&args.outcomes, &args.always) {
        (Some(list), _) => {
            let list = list.iter().map(outcome_tokens);
            quote!(::racelint_demo::__private::Claim::Exactly(
                ::std::vec![#(#list),*]
            ))
        }
        (None, Some(always)) => {
            let always = outcome_tokens(always);
            quote!(::racelint_demo::__private::Claim::Always(#always))
        }
        (None, None) => quote!(::racelint_demo::__private::Claim::Anything),
    };
    let declared_return = match &function.sig.output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => Some(&**ty),
    };
    let intended: Vec<TokenStream2> = match (&args.intended, &args.always) {
        (Some(intended), _) => intended_outcomes(intended, declared_return)
            .iter()
            .map(outcome_tokens)
            .collect(),
        (None, Some(always)) => vec![outcome_tokens(always)],
        (None, None) => Vec::new(),
    };
    let return_span = match &function.sig.output {
        ReturnType::Default => function.sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let comparable = quote_spanned! {return_span=>
        /// Outcomes are compared by value: the return type must be
        /// `PartialEq` and `Debug`, and `Send` (the exact count runs the
        /// demo on real threads).
        const _: fn() = || {
            fn outcome_is_comparable<
                T: ::core::cmp::PartialEq + ::core::fmt::Debug + ::core::marker::Send + 'static,
            >() {}
            outcome_is_comparable::<#return_type>();
        };
    };
    let weak_memory = args.weak_memory;
    let preemption_bound = match args.preemption_bound {
        Some(bound) => quote!(::core::option::Option::Some(#bound)),
        None => quote!(::core::option::Option::None),
    };
    let svg = match &args.svg {
        Some(dir) => quote!(::core::option::Option::Some(#dir)),
        None => quote!(::core::option::Option::None),
    };
    let weak = weak_orderings(function.block.to_token_stream());
    let stmts = &body.stmts;
    let call_site = Span::call_site();
    let spec = quote_spanned! {call_site=>
        /// The demo's options, checked against its return type in every
        /// build, not only in tests.
        fn spec() -> ::racelint_demo::__private::DemoSpec<#return_type> {
            ::racelint_demo::__private::DemoSpec {
                name: #name_text,
                outcome_name: #outcome_name,
                intended: ::std::vec![#(#intended),*],
                claim: #claim,
                preemption_bound: #preemption_bound,
                svg_dir: #svg,
                weak_memory: #weak_memory,
                weak_orderings: &[#(#weak),*],
                manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
            }
        }
    };
    Ok(quote! {
        #[allow(dead_code)]
        #function

        /// The loom exploration of this demo: its test is
        /// `every_interleaving`.
        #[allow(dead_code, unused_imports)]
        mod #name {
            use super::*;

            /// The demo on the loom runtime: `std`'s threads, atomics and
            /// `Mutex` replaced by their recorded shadows.
            fn model() -> #return_type {
                #(#stmts)*
            }

            #spec

            #comparable

            #[test]
            fn every_interleaving() {
                ::racelint_demo::__private::run_demo(spec(), model);
            }
        }
    })
}
