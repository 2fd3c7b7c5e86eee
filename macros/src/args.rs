//! The attribute's options: `#[demo(outcomes = [1, 2], intended = 2)]`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, MetaNameValue, Token};

/// The options every demo attribute may carry, for the error message.
const OPTIONS: &str =
    "`outcomes`, `always`, `intended`, `name`, `preemption_bound`, `svg`, `memory`";

/// One expected outcome as written in the attribute.
pub enum ExpectedOutcome {
    /// A value of the function's return type.
    Value(Box<Expr>),
    /// `deadlock`.
    Deadlock,
    /// `panic`: any panic.
    Panic,
}

/// The parsed attribute.
#[derive(Default)]
pub struct DemoArgs {
    pub outcomes: Option<Vec<ExpectedOutcome>>,
    pub always: Option<ExpectedOutcome>,
    /// As written: one outcome, or a list of them (decided against the
    /// return type).
    pub intended: Option<Expr>,
    pub name: Option<String>,
    pub preemption_bound: Option<usize>,
    /// `memory = "weak"`: loom's memory model instead of one step at a time.
    pub weak_memory: bool,
    pub svg: Option<String>,
}

pub fn expected_outcome(expr: Expr) -> ExpectedOutcome {
    if let Expr::Path(path) = &expr {
        if path.qself.is_none() && path.attrs.is_empty() {
            if path.path.is_ident("deadlock") {
                return ExpectedOutcome::Deadlock;
            }
            if path.path.is_ident("panic") {
                return ExpectedOutcome::Panic;
            }
        }
    }
    ExpectedOutcome::Value(Box::new(expr))
}

fn string_literal(expr: &Expr, option: &str) -> syn::Result<String> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Ok(text.value()),
        _ => Err(syn::Error::new_spanned(
            expr,
            format!("`{option}` takes a string, like `{option} = \"counter\"`"),
        )),
    }
}

impl Parse for DemoArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = DemoArgs::default();
        let options = Punctuated::<MetaNameValue, Token![,]>::parse_terminated(input)?;
        let mut seen: Vec<String> = Vec::new();
        for option in options {
            let key = option
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if seen.contains(&key) {
                return Err(syn::Error::new_spanned(
                    &option.path,
                    format!("`{key}` is given twice"),
                ));
            }
            seen.push(key.clone());
            let value = option.value;
            match key.as_str() {
                "outcomes" => {
                    let Expr::Array(list) = value else {
                        return Err(syn::Error::new_spanned(
                            value,
                            "`outcomes` takes a list, like `outcomes = [1, 2]`",
                        ));
                    };
                    if list.elems.is_empty() {
                        return Err(syn::Error::new_spanned(
                            list,
                            "`outcomes` lists every outcome the demo can have; an empty list \
                             can never hold",
                        ));
                    }
                    args.outcomes = Some(list.elems.into_iter().map(expected_outcome).collect());
                }
                "always" => args.always = Some(expected_outcome(value)),
                "intended" => args.intended = Some(value),
                "name" => args.name = Some(string_literal(&value, "name")?),
                "svg" => args.svg = Some(string_literal(&value, "svg")?),
                "memory" => match string_literal(&value, "memory")?.as_str() {
                    "weak" => args.weak_memory = true,
                    "sequential" => args.weak_memory = false,
                    _ => {
                        return Err(syn::Error::new_spanned(
                            value,
                            "`memory` is `\"weak\"` (loom's memory model, where a read may see \
                             an older write) or `\"sequential\"` (the default)",
                        ));
                    }
                },
                "preemption_bound" => {
                    let bound = match &value {
                        Expr::Lit(ExprLit {
                            lit: Lit::Int(n), ..
                        }) => n.base10_parse::<usize>().ok(),
                        _ => None,
                    };
                    let Some(bound) = bound else {
                        return Err(syn::Error::new_spanned(
                            value,
                            "`preemption_bound` takes a whole number, like \
                             `preemption_bound = 2`",
                        ));
                    };
                    args.preemption_bound = Some(bound);
                }
                _ => {
                    return Err(syn::Error::new_spanned(
                        &option.path,
                        format!("unknown option `{key}`; the options are {OPTIONS}"),
                    ));
                }
            }
        }
        if args.outcomes.is_some() && args.always.is_some() {
            return Err(syn::Error::new(
                Span::call_site(),
                "use either `outcomes` or `always`, not both: `always = x` means \
                 `outcomes = [x]`",
            ));
        }
        Ok(args)
    }
}
